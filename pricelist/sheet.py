"""The ``prijslijst`` sheet (DESIGN §5): reading price items, reusing an identical price list
version, importing a price list on its own, and the sheet's rows of a version."""

from __future__ import annotations

from dataclasses import astuple, dataclass
from decimal import Decimal

from django.db import transaction

from lib.sheets import files, schema
from lib.sheets.cells import format_money
from lib.sheets.errors import Problems
from lib.sheets.rows import MONEY, RowReader, choice_list
from pricelist.models import Financier, Hardness, PriceItem, PriceList, Unit


@dataclass(frozen=True)
class PriceItemData:
    code: str
    name: str
    unit: str
    price: Decimal
    category: str
    financier: str
    source: str
    price_year: int | None
    hardness: str


def financiers_of(organisation) -> dict[str, Financier]:
    return {f.code: f for f in Financier.objects.filter(organisation=organisation)}


def read_financier(reader: RowReader, financiers: dict, *, required: bool = False) -> str:
    """A financier code of the organisation ('' when empty); the message lists the valid ones."""
    code = reader.text("financier").lower()
    if not code:
        if required:
            reader.error(
                "financier",
                f"deze cel is verplicht maar leeg (kies uit: {choice_list(financiers)})",
            )
        return ""
    if code not in financiers:
        reader.error(
            "financier",
            f'onbekende financier "{reader.text("financier")}"; geldige financiers zijn: '
            f"{choice_list(financiers)}",
        )
        return ""
    return code


def check_columns(sheet: files.Sheet | None, name: str, problems: Problems) -> None:
    """Record a missing sheet or each missing required column."""
    if sheet is None:
        problems.add(f'Blad "{name}" ontbreekt')
        return
    required, _ = schema.SHEETS[name]
    for column in required:
        if column not in sheet.columns:
            problems.add(f'kolom "{column}" ontbreekt', sheet=name)


def read_price_items(sheet: files.Sheet, financiers: dict, problems: Problems):
    """The valid price items, and every code the sheet names (also of faulty rows, so that
    timeline rows using them are not reported a second time)."""
    items: list[PriceItemData] = []
    codes: set[str] = set()
    for row in sheet.rows:
        reader = RowReader(problems, sheet.name, row)
        code = reader.text("code", required=True, max_length=50)
        if code in codes:
            reader.error("code", f'prijscode "{code}" komt twee keer voor')
        item = PriceItemData(
            code=code,
            name=reader.text("omschrijving", required=True, max_length=300),
            unit=reader.choice("eenheid", Unit.values, "eenheid", required=True),
            price=reader.decimal("prijs", MONEY, required=True),
            category=reader.text("categorie", max_length=100),
            financier=read_financier(reader, financiers, required=True),
            source=reader.text("bron"),
            price_year=_price_year(reader),
            hardness=reader.choice("hardheid", Hardness.values, "hardheid"),
        )
        if code:
            codes.add(code)
        if reader.ok:
            items.append(item)
    return items, codes


def _price_year(reader: RowReader) -> int | None:
    """The year a price refers to, or None when unknown. Optional and informative only, so a
    cell that is no plain year — the example price list has "unkn" and "~202" — is read as
    unknown rather than refusing the whole list."""
    text = reader.text("prijsjaar")
    return int(text) if text.isdigit() and 1900 <= int(text) <= 2100 else None


def _comparable(items) -> list[tuple]:
    return sorted(astuple(item) for item in items)


def existing_items(price_list: PriceList) -> list[PriceItemData]:
    return [
        PriceItemData(
            i.code,
            i.name,
            i.unit,
            i.price,
            i.category,
            i.financier.code,
            i.source,
            i.price_year,
            i.hardness,
        )
        for i in price_list.items.select_related("financier")
    ]


def reusable_price_list(organisation, name: str, items, problems: Problems) -> PriceList | None:
    """The existing version of this name if its items are the same; a message if they differ."""
    existing = PriceList.objects.filter(organisation=organisation, name=name).first()
    if existing is None:
        return None
    if _comparable(existing_items(existing)) != _comparable(items):
        problems.add(
            f'er bestaat al een prijslijst "{name}" met andere prijzen; geef de prijslijst in '
            f'blad "{schema.PRIJSLIJST}" een andere naam (veld "prijslijst")',
            sheet=schema.EVALUATIE,
        )
    return existing


def common_year(items) -> int | None:
    """The price year of the list when all its items share one."""
    years = {item.price_year for item in items}
    return years.pop() if len(years) == 1 else None


def create_price_list(organisation, name, items, financiers, price_year=None) -> PriceList:
    price_list = PriceList.objects.create(
        organisation=organisation,
        name=name,
        price_year=price_year if price_year is not None else common_year(items),
    )
    PriceItem.objects.bulk_create(
        [
            PriceItem(
                price_list=price_list,
                code=item.code,
                name=item.name,
                unit=item.unit,
                price=item.price,
                category=item.category,
                financier=financiers[item.financier],
                source=item.source,
                price_year=item.price_year,
                hardness=item.hardness,
                position=position,
            )
            for position, item in enumerate(items, start=1)
        ]
    )
    return price_list


def import_price_list(source, organisation, name: str, price_year: int | None = None):
    """A new price list version from a CSV or xlsx in the ``prijslijst`` sheet's form.
    All or nothing: any problem raises WorkbookError and creates nothing."""
    sheet = files.read_single_table(source, schema.PRIJSLIJST)
    problems = Problems()
    check_columns(sheet, schema.PRIJSLIJST, problems)
    problems.raise_if_any()
    name = (name or "").strip()
    with transaction.atomic():
        if not name:
            problems.add("De naam van de prijslijst ontbreekt")
        elif len(name) > 200:
            problems.add("De naam van de prijslijst is te lang (hoogstens 200 tekens)")
        elif PriceList.objects.filter(organisation=organisation, name=name).exists():
            problems.add(f'Er bestaat al een prijslijst "{name}"; kies een andere naam')
        financiers = financiers_of(organisation)
        items, _ = read_price_items(sheet, financiers, problems)
        problems.raise_if_any()
        return create_price_list(organisation, name, items, financiers, price_year)


def price_rows(price_list) -> list[list[str]]:
    """The ``prijslijst`` sheet's rows of a price list version (also its own export)."""
    return [
        [
            item.code,
            item.name,
            item.unit,
            format_money(item.price),
            item.category,
            item.financier.code,
            item.source,
            "" if item.price_year is None else str(item.price_year),
            item.hardness,
        ]
        for item in price_list.items.select_related("financier")
    ]
