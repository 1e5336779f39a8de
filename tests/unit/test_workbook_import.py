"""Importing evaluation workbooks (DESIGN §5): what is read, and every kind of rejection —
each all-or-nothing, with Dutch messages naming sheet, row and column."""

# The expected messages are whole Dutch sentences; they read best one per line.
# ruff: noqa: E501

import copy
import csv
import io
import zipfile
from datetime import date, datetime
from decimal import Decimal

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.models import Organisation
from cases.models import CostLine, Evaluation, TimelineItem
from cases.summary import evaluation_summary
from cases.workbook import WorkbookError, import_price_list, import_workbook
from lib.sheets.cells import CellError, parse_date, parse_decimal
from pricelist.models import PriceItem, PriceList, create_organisation, default_organisation

TIMELINE_HEADER = [
    "casus", "werkwijze", "item", "soort", "start", "eind", "omschrijving", "prijscode",
    "aantal", "personen", "keer", "frequentie", "tarief", "bedrag", "interventie", "financier",
]  # fmt: skip
PRICE_HEADER = [
    "code", "omschrijving", "eenheid", "prijs", "categorie", "financier", "bron", "prijsjaar",
    "hardheid",
]  # fmt: skip

# A hand-made workbook using price codes, frequencies, a rate override, a multi-line item,
# an empty financier, a third werkwijze and a Dutch decimal comma.
WORKBOOK = {
    "evaluatie": [
        ["veld", "waarde"],
        ["titel", "Proefevaluatie"],
        ["opdrachtgever", "Gemeente Proef"],
        ["prijslijst", "Proef 2024"],
        ["datum", "2024-06-30"],
        ["inleiding", "Waarom deze evaluatie."],
        ["aanbevelingen", "Doorgaan."],
        ["bijlage", "Een veld dat het model niet kent."],
    ],
    "werkwijzen": [
        ["code", "naam", "referentie", "volgorde"],
        ["met", "Met interventie", "nee", "1"],
        ["zonder", "Zonder interventie", "ja", "2"],
        ["niets", "Niets doen", "nee", "3"],
    ],
    "prijslijst": [
        PRICE_HEADER,
        ["KM", "Klantmanager", "uur", "76.50", "Gemeente", "gemeente-wmo", "eigen", "2024", "aanname"],
        ["WT", "Wijkteam", "uur", "80.00", "Gemeente", "gemeente-wmo", "", "2024", "onderbouwd"],
        ["OPV", "Opvang", "dag", "150.00", "Jeugd", "gemeente-jeugd", "", "2024", "hard"],
        ["BEG", "Begeleiding", "maand", "1000.00", "Wmo", "gemeente-wmo", "", "2024", ""],
    ],
    "casussen": [
        ["code", "titel", "startdatum", "einddatum", "aanpak", "verbeterpunten"],
        ["1", "Eerste casus", "2024-01-01", "2024-12-31", "Zo ging het.", "Korter."],
        ["2", "Tweede casus", "2024-05-01", "2024-05-31", "", ""],
    ],
    "tijdlijn": [
        TIMELINE_HEADER,
        ["1", "met", "g1", "gebeurtenis", "2024-01-01", "", "Aanmelding", *[""] * 7, "nee", ""],
        ["1", "met", "o1", "ondersteuning", "2024-01-01", "2024-01-14", "Gesprekken", "KM",
         "2", "", "", "week", "", "", "nee", ""],
        ["1", "met", "o2", "ondersteuning", "2024-01-01", "2024-12-31", "Begeleiding", "BEG",
         "", "", "", "maand", "", "", "nee", ""],
        ["1", "met", "o3", "ondersteuning", "2024-02-01", "", "Overleg", "WT",
         "3", "2", "", "", "90", "", "nee", "gemeente-jeugd"],
        ["1", "met", "o4", "ondersteuning", "2024-03-01", "", "Vast bedrag", "KM",
         "", "", "", "", "", "500", "nee", ""],
        ["1", "met", "o5", "ondersteuning", "2024-04-01", "2024-04-30", "Interventie", "KM",
         "", "", "3", "", "", "", "ja", ""],
        ["1", "met", "o5", "ondersteuning", "2024-04-01", "2024-04-30", "Interventie", "OPV",
         "2", "", "", "", "", "", "ja", ""],
        ["1", "zonder", "", "gebeurtenis", "2024-01-01", "2024-12-31", "Escalatie", *[""] * 7,
         "nee", ""],
        ["1", "zonder", "", "ondersteuning", "2024-01-01", "2024-12-31", "Schatting", *[""] * 6,
         "20000", "nee", "gemeente-overig"],
        ["2", "niets", "", "ondersteuning", "2024-05-01", "", "Eenmalig", *[""] * 6,
         "1.234,56", "nee", "gemeente-overig"],
    ],
}  # fmt: skip


def workbook(**sheets) -> dict:
    """A deep copy of the hand-made workbook, with whole sheets replaced."""
    book = copy.deepcopy(WORKBOOK)
    book.update(sheets)
    return book


def edit(book: dict, sheet: str, row: int, column: str, value) -> dict:
    """Set one cell, addressed as a spreadsheet user sees it (the header is row 1)."""
    header = book[sheet][0]
    book[sheet][row - 1][header.index(column)] = value
    return book


def csv_bytes(rows) -> bytes:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue().encode()


def write_folder(folder, book: dict):
    folder.mkdir(parents=True, exist_ok=True)
    for name, rows in book.items():
        (folder / f"{name}.csv").write_bytes(csv_bytes(rows))
    return folder


def write_zip(path, book: dict):
    with zipfile.ZipFile(path, "w") as archive:
        for name, rows in book.items():
            archive.writestr(f"werkmap/{name}.csv", csv_bytes(rows))
    return path


def write_xlsx(path, book: dict):
    from openpyxl import Workbook

    xlsx = Workbook()
    xlsx.remove(xlsx.active)
    for name, rows in book.items():
        sheet = xlsx.create_sheet(name)
        for row in rows:
            sheet.append(row)
    xlsx.save(path)
    return path


def row_counts() -> dict[str, int]:
    return {model._meta.label: model.objects.count() for model in apps.get_models()}


@pytest.fixture
def organisation(db):
    return create_organisation("Proefbureau")


def rejected(tmp_path, book, organisation) -> list[str]:
    """The messages of an import that must fail without writing anything."""
    before = row_counts()
    with pytest.raises(WorkbookError) as raised:
        import_workbook(write_folder(tmp_path / "werkmap", book), organisation)
    assert row_counts() == before
    return raised.value.messages


# What is read ---------------------------------------------------------------------------------


def test_it_imports_the_evaluation_werkwijzen_and_price_list(tmp_path, organisation):
    evaluation = import_workbook(write_folder(tmp_path / "w", WORKBOOK), organisation)

    assert evaluation.organisation == organisation
    assert evaluation.slug == "proefevaluatie"
    assert (evaluation.title, evaluation.client) == ("Proefevaluatie", "Gemeente Proef")
    assert evaluation.date == date(2024, 6, 30)
    assert evaluation.introduction == "Waarom deze evaluatie."
    assert evaluation.recommendations == "Doorgaan."
    assert evaluation.extra_fields == {"bijlage": "Een veld dat het model niet kent."}
    scenarios = [(s.code, s.name, s.is_reference, s.position) for s in evaluation.scenarios.all()]
    assert scenarios == [
        ("met", "Met interventie", False, 1),
        ("zonder", "Zonder interventie", True, 2),
        ("niets", "Niets doen", False, 3),
    ]
    price_list = evaluation.price_list
    assert (price_list.name, price_list.organisation, price_list.price_year) == (
        "Proef 2024",
        organisation,
        2024,
    )
    km = price_list.items.get(code="KM")
    assert (km.name, km.unit, km.price, km.category) == (
        "Klantmanager",
        "uur",
        Decimal("76.50"),
        "Gemeente",
    )
    assert (km.financier.code, km.source, km.price_year, km.hardness) == (
        "gemeente-wmo",
        "eigen",
        2024,
        "aanname",
    )
    assert price_list.items.get(code="BEG").hardness == ""


def test_it_imports_cases_items_and_cost_lines(tmp_path, organisation):
    evaluation = import_workbook(write_folder(tmp_path / "w", WORKBOOK), organisation)

    first, second = evaluation.cases.all()
    assert (first.code, first.title, first.position) == ("1", "Eerste casus", 1)
    assert (first.start_date, first.end_date) == (date(2024, 1, 1), date(2024, 12, 31))
    assert (first.approach, first.improvements, first.quality_of_life) == (
        "Zo ging het.",
        "Korter.",
        "",
    )
    assert second.position == 2
    met = first.items.filter(scenario__code="met")
    assert [(i.label, i.position, i.kind) for i in met] == [
        ("g1", 1, "gebeurtenis"),
        ("o1", 2, "ondersteuning"),
        ("o2", 3, "ondersteuning"),
        ("o3", 4, "ondersteuning"),
        ("o4", 5, "ondersteuning"),
        ("o5", 6, "ondersteuning"),
    ]
    event = met.get(label="g1")
    assert event.end == event.start == date(2024, 1, 1)
    assert not event.lines.exists()
    intervention = met.get(label="o5")
    assert intervention.is_intervention
    lines = list(intervention.lines.all())
    assert [(line.position, line.price_item.code) for line in lines] == [(1, "KM"), (2, "OPV")]
    assert (lines[0].quantity, lines[0].persons, lines[0].times) == (1, 1, 3)
    assert lines[1].financier is None  # empty cell: the price item's financier applies
    assert lines[1].effective_financier.code == "gemeente-jeugd"
    rate = met.get(label="o3").lines.get()
    assert (rate.rate_override, rate.quantity, rate.persons, rate.financier.code) == (
        Decimal("90.00"), 3, 2, "gemeente-jeugd"
    )  # fmt: skip
    fixed = met.get(label="o4").lines.get()
    assert (fixed.fixed_amount, fixed.price_item.code, fixed.financier) == (
        Decimal("500.00"),
        "KM",
        None,
    )
    zonder = list(first.items.filter(scenario__code="zonder"))
    assert [(i.label, i.position) for i in zonder] == [("", 1), ("", 2)]
    lump = second.items.get().lines.get()
    assert (lump.fixed_amount, lump.price_item, lump.financier.code) == (
        Decimal("1234.56"), None, "gemeente-overig"
    )  # fmt: skip


def test_a_further_row_of_an_item_may_leave_the_item_cells_empty(tmp_path, organisation):
    book = workbook()
    for column in ("soort", "start", "eind", "omschrijving", "interventie"):
        edit(book, "tijdlijn", 8, column, "")  # o5's second line
    evaluation = import_workbook(write_folder(tmp_path / "w", book), organisation)
    item = TimelineItem.objects.get(case__evaluation=evaluation, label="o5")
    assert (item.kind, item.start, item.end) == (
        "ondersteuning",
        date(2024, 4, 1),
        date(2024, 4, 30),
    )
    assert (item.description, item.is_intervention) == ("Interventie", True)
    assert [line.price_item.code for line in item.lines.all()] == ["KM", "OPV"]


def test_an_item_needs_no_omschrijving(tmp_path, organisation):
    book = edit(
        edit(workbook(), "tijdlijn", 3, "omschrijving", ""), "tijdlijn", 2, "omschrijving", ""
    )
    evaluation = import_workbook(write_folder(tmp_path / "w", book), organisation)
    items = TimelineItem.objects.filter(case__evaluation=evaluation, label__in=["g1", "o1"])
    assert [item.description for item in items] == ["", ""]


def test_an_event_may_carry_the_default_counts_of_one(tmp_path, organisation):
    book = workbook()
    for column in ("aantal", "personen", "keer"):
        edit(book, "tijdlijn", 2, column, "1")
    evaluation = import_workbook(write_folder(tmp_path / "w", book), organisation)
    event = TimelineItem.objects.get(case__evaluation=evaluation, label="g1")
    assert event.is_event and not event.lines.exists()


def test_a_bedrag_without_prijscode_needs_no_financier(tmp_path, organisation):
    book = edit(workbook(), "tijdlijn", 6, "prijscode", "")  # o4: 500 with nobody to pay it
    evaluation = import_workbook(write_folder(tmp_path / "w", book), organisation)
    fixed = TimelineItem.objects.get(case__evaluation=evaluation, label="o4").lines.get()
    assert (fixed.fixed_amount, fixed.price_item, fixed.financier) == (Decimal(500), None, None)
    first = evaluation_summary(evaluation)["cases"][0]
    assert first["totals"]["met"] == "13900.14"  # counted in the total …
    # … but under no financier: the keys are financier codes.
    assert first["by_financier"]["met"] == {"gemeente-jeugd": "840.00", "gemeente-wmo": "12560.14"}


def test_it_computes_the_costing_rules_of_design_4(tmp_path, organisation):
    evaluation = import_workbook(write_folder(tmp_path / "w", WORKBOOK), organisation)
    first, second = evaluation_summary(evaluation)["cases"]

    # o1 76.50 × 2 h × 14 days / 7 (week, inclusive period) = 306.00
    # o2 1000 × 366 days / (365.25 / 12) (maand) = 12024.64
    # o3 rate 90 overrides 80: 90 × 3 × 2 = 540.00
    # o4 fixed 500.00, no hours;  o5 76.50 × 3 = 229.50 and 150 × 2 = 300.00
    assert first["totals"] == {"met": "13900.14", "zonder": "20000.00", "niets": "0.00"}
    assert first["intervention"] == {"met": "529.50", "zonder": "0.00", "niets": "0.00"}
    assert first["difference"] == {"met": "6099.86", "zonder": "0.00", "niets": "20000.00"}
    # Hours only for unit uur: KM 4 (o1) + 3 (o5), WT 3 × 2; nothing for the fixed amount.
    assert first["hours"] == {"met": {"KM": "7.00", "WT": "6.00"}, "zonder": {}, "niets": {}}
    # Empty financier cells take the price item's (gemeente-wmo for KM, gemeente-jeugd for OPV).
    assert first["by_financier"]["met"] == {"gemeente-jeugd": "840.00", "gemeente-wmo": "13060.14"}
    assert second["difference"] == {"met": "0.00", "zonder": "0.00", "niets": "-1234.56"}


def test_it_imports_a_zip_an_xlsx_and_an_upload_alike(tmp_path, organisation):
    folder = import_workbook(write_folder(tmp_path / "w", WORKBOOK), organisation)
    archive = import_workbook(write_zip(tmp_path / "w.zip", WORKBOOK), organisation)
    xlsx = import_workbook(write_xlsx(tmp_path / "w.xlsx", WORKBOOK), organisation)
    upload = SimpleUploadedFile("werkmap.xlsx", (tmp_path / "w.xlsx").read_bytes())
    uploaded = import_workbook(upload, organisation)

    expected = evaluation_summary(folder)["cases"]
    for evaluation in (archive, xlsx, uploaded):
        assert evaluation_summary(evaluation)["cases"] == expected
    assert len({folder.slug, archive.slug, xlsx.slug, uploaded.slug}) == 4
    assert PriceList.objects.filter(organisation=organisation).count() == 1


def test_it_reads_spreadsheet_dates_and_numbers_from_xlsx(tmp_path, organisation):
    book = workbook()
    edit(book, "casussen", 2, "startdatum", date(2024, 1, 1))
    edit(book, "casussen", 2, "einddatum", datetime(2024, 12, 31))
    edit(book, "casussen", 2, "code", 1)
    edit(book, "tijdlijn", 3, "start", datetime(2024, 1, 1))
    edit(book, "tijdlijn", 3, "aantal", 2.0)
    edit(book, "tijdlijn", 5, "tarief", 90)
    edit(book, "tijdlijn", 5, "aantal", 1.5)
    edit(book, "prijslijst", 2, "prijs", 76.5)
    evaluation = import_workbook(write_xlsx(tmp_path / "w.xlsx", book), organisation)

    case = evaluation.cases.get(code="1")
    assert (case.start_date, case.end_date) == (date(2024, 1, 1), date(2024, 12, 31))
    assert evaluation.price_list.items.get(code="KM").price == Decimal("76.50")
    assert TimelineItem.objects.get(case=case, label="o3").lines.get().quantity == Decimal("1.5")


def test_it_refuses_a_spreadsheet_time_that_is_not_midnight(tmp_path, organisation):
    book = edit(workbook(), "tijdlijn", 3, "start", datetime(2024, 1, 1, 9, 30))
    before = row_counts()
    with pytest.raises(WorkbookError) as raised:
        import_workbook(write_xlsx(tmp_path / "w.xlsx", book), organisation)
    assert row_counts() == before
    assert raised.value.messages == [
        'Blad "tijdlijn", rij 3, kolom "start": "2024-01-01 09:30:00" is een tijdstip, geen datum.'
    ]


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("1.234,56", "1234.56"),
        ("1234,56", "1234.56"),
        ("76,5", "76.5"),
        ("1234.56", "1234.56"),
        ("1.234.567", "1234567"),
        ("1,234.50", "1234.50"),
        ("€ 12", "12"),
        ("-3", "-3"),
    ],
)
def test_it_reads_decimal_commas_and_points(text, number):
    assert parse_decimal(text) == Decimal(number)


@pytest.mark.parametrize("text", ["NaN", "inf", "-Infinity", "1e5", "twee", "1,2,3", "1.2.3"])
def test_it_refuses_what_is_no_number(text):
    with pytest.raises(CellError, match="is geen getal"):
        parse_decimal(text)


def test_it_reads_iso_dates_spreadsheet_dates_and_datetimes():
    class Timestamp(datetime):
        """A datetime of another library (pandas, openpyxl) is a datetime too."""

    assert parse_date("2018-02-28") == date(2018, 2, 28)
    assert parse_date("2018-02-28 00:00:00") == date(2018, 2, 28)
    assert parse_date(datetime(2018, 2, 28)) == date(2018, 2, 28)
    assert parse_date(Timestamp(2018, 2, 28)) == date(2018, 2, 28)
    assert parse_date("") is None
    with pytest.raises(CellError, match="geen bestaande datum"):
        parse_date("2018-02-30")
    with pytest.raises(CellError, match="JJJJ-MM-DD"):
        parse_date("28-02-2018")
    # A date cell that lost its format shows its serial number.
    assert parse_date("43101") == date(2018, 1, 1)
    assert parse_date("43159") == date(2018, 2, 28)
    for not_a_date in ("2018", "20180101", "4310"):
        with pytest.raises(CellError, match="JJJJ-MM-DD"):
            parse_date(not_a_date)


def test_it_reads_a_date_cell_that_lost_its_format_in_xlsx(tmp_path, organisation):
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for name, rows in WORKBOOK.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    book["tijdlijn"]["E2"] = 45292  # a number cell: 2024-01-01 without its date format
    book.save(tmp_path / "w.xlsx")
    evaluation = import_workbook(tmp_path / "w.xlsx", organisation)
    event = TimelineItem.objects.get(case__evaluation=evaluation, label="g1")
    assert event.start == date(2024, 1, 1)


def test_it_reads_a_dutch_decimal_comma_in_the_timeline(tmp_path, organisation):
    book = edit(workbook(), "tijdlijn", 5, "tarief", "76,5")
    evaluation = import_workbook(write_folder(tmp_path / "w", book), organisation)

    line = CostLine.objects.get(item__case__evaluation=evaluation, item__label="o3")
    assert line.rate_override == Decimal("76.50")


def test_it_accepts_a_bom_whitespace_empty_rows_unknown_and_absent_optional_columns(
    tmp_path, organisation
):
    book = workbook()
    book["werkwijzen"] = [row[:3] for row in book["werkwijzen"]]  # no volgorde
    book["prijslijst"] = [row[:7] + ["opmerking"] for row in book["prijslijst"]]  # no year
    book["casussen"] = [row[:4] for row in book["casussen"]]  # no narrative
    book["tijdlijn"].insert(3, [""] * 16)
    edit(book, "tijdlijn", 2, "omschrijving", "  Aanmelding  ")
    folder = write_folder(tmp_path / "w", book)
    (folder / "werkwijzen.csv").write_bytes(
        b"\xef\xbb\xbf" + (folder / "werkwijzen.csv").read_bytes()
    )

    evaluation = import_workbook(folder, organisation)

    assert [s.position for s in evaluation.scenarios.all()] == [1, 2, 3]
    assert (
        TimelineItem.objects.get(case__evaluation=evaluation, label="g1").description
        == "Aanmelding"
    )
    assert evaluation.price_list.items.get(code="KM").price_year is None
    assert evaluation.cases.get(code="1").approach == ""


def test_it_reads_semicolon_separated_csv_and_per_week(tmp_path, organisation):
    book = edit(workbook(), "tijdlijn", 3, "frequentie", "per week")
    folder = write_folder(tmp_path / "w", book)
    rows = [";".join(row) for row in book["tijdlijn"]]
    (folder / "tijdlijn.csv").write_text("\n".join(rows) + "\n")

    evaluation = import_workbook(folder, organisation)

    assert evaluation_summary(evaluation)["cases"][0]["totals"]["met"] == "13900.14"


def test_it_counts_rows_as_the_spreadsheet_shows_them_after_an_empty_row(tmp_path, organisation):
    book = workbook()
    book["tijdlijn"].insert(2, [""] * 16)
    edit(book, "tijdlijn", 4, "prijscode", "XYZ")

    assert rejected(tmp_path, book, organisation) == [
        'Blad "tijdlijn", rij 4, kolom "prijscode": onbekende prijscode "XYZ".'
    ]


def test_it_imports_the_same_workbook_twice_and_reuses_the_price_list(tmp_path, organisation):
    folder = write_folder(tmp_path / "w", WORKBOOK)
    first = import_workbook(folder, organisation)
    second = import_workbook(folder, organisation)

    assert (first.slug, second.slug) == ("proefevaluatie", "proefevaluatie-2")
    assert first.price_list == second.price_list
    assert PriceItem.objects.count() == 4


def test_it_refuses_a_price_list_name_that_has_other_prices(tmp_path, organisation):
    import_workbook(write_folder(tmp_path / "a", WORKBOOK), organisation)
    book = edit(workbook(), "prijslijst", 2, "prijs", "77.00")

    messages = rejected(tmp_path, book, organisation)

    assert messages == [
        'Blad "evaluatie": er bestaat al een prijslijst "Proef 2024" met andere prijzen; geef '
        'de prijslijst in blad "prijslijst" een andere naam (veld "prijslijst").'
    ]


def test_it_imports_into_the_default_organisation(tmp_path, db):
    evaluation = import_workbook(write_folder(tmp_path / "w", WORKBOOK))

    assert evaluation.organisation == default_organisation()
    assert evaluation.organisation.financiers.count() == 16


def test_it_writes_nothing_not_even_a_default_organisation_when_rejected(tmp_path, db):
    book = edit(workbook(), "tijdlijn", 3, "prijscode", "XYZ")
    with pytest.raises(WorkbookError):
        import_workbook(write_folder(tmp_path / "w", book))
    assert not Organisation.objects.exists()


# Rejections -----------------------------------------------------------------------------------

CELL_ERRORS = [
    # (sheet, row, column, value, expected message)
    ("tijdlijn", 3, "prijscode", "XYZ", 'Blad "tijdlijn", rij 3, kolom "prijscode": onbekende prijscode "XYZ".'),
    ("tijdlijn", 3, "casus", "9", 'Blad "tijdlijn", rij 3, kolom "casus": onbekende casus "9".'),
    ("tijdlijn", 3, "werkwijze", "later", 'Blad "tijdlijn", rij 3, kolom "werkwijze": onbekende werkwijze "later".'),
    ("tijdlijn", 3, "eind", "2023-12-31", 'Blad "tijdlijn", rij 3, kolom "eind": de einddatum ligt vóór de startdatum (2023-12-31 vóór 2024-01-01).'),
    ("tijdlijn", 3, "start", "2018-02-30", 'Blad "tijdlijn", rij 3, kolom "start": "2018-02-30" is geen bestaande datum.'),
    ("tijdlijn", 3, "start", "", 'Blad "tijdlijn", rij 3, kolom "start": deze cel is verplicht maar leeg'),
    ("tijdlijn", 3, "aantal", "twee", 'Blad "tijdlijn", rij 3, kolom "aantal": "twee" is geen getal.'),
    ("tijdlijn", 3, "aantal", "-1", 'Blad "tijdlijn", rij 3, kolom "aantal": "-1" mag niet negatief zijn.'),
    ("tijdlijn", 3, "aantal", "2000000", 'kolom "aantal": "2000000" is onwaarschijnlijk groot (moet kleiner zijn dan 1.000.000).'),
    ("tijdlijn", 3, "personen", "1e7", 'kolom "personen": "1e7" is geen getal.'),
    ("tijdlijn", 3, "keer", "NaN", 'kolom "keer": "NaN" is geen getal.'),
    ("tijdlijn", 3, "tarief", "inf", 'kolom "tarief": "inf" is geen getal.'),
    ("tijdlijn", 3, "tarief", "-5", 'kolom "tarief": "-5" mag niet negatief zijn.'),
    ("tijdlijn", 3, "aantal", "1,234567891", 'kolom "aantal": "1,234567891" heeft te veel decimalen (hoogstens 8).'),
    ("tijdlijn", 6, "bedrag", "2000000000", 'Blad "tijdlijn", rij 6, kolom "bedrag": "2000000000" is onwaarschijnlijk groot'),
    ("tijdlijn", 6, "bedrag", "10,005", 'kolom "bedrag": "10,005" heeft te veel decimalen (hoogstens 2).'),
    ("tijdlijn", 2, "bedrag", "100", 'Blad "tijdlijn", rij 2, kolom "bedrag": een gebeurtenis heeft geen kostenregels; laat deze cel leeg.'),
    ("tijdlijn", 2, "prijscode", "KM", 'Blad "tijdlijn", rij 2, kolom "prijscode": een gebeurtenis heeft geen kostenregels'),
    ("tijdlijn", 2, "frequentie", "week", 'Blad "tijdlijn", rij 2, kolom "frequentie": een gebeurtenis heeft geen kostenregels'),
    ("tijdlijn", 3, "prijscode", "", 'Blad "tijdlijn", rij 3, kolom "prijscode": ondersteuning heeft een prijscode of een bedrag nodig'),
    ("tijdlijn", 3, "soort", "kosten", 'Blad "tijdlijn", rij 3, kolom "soort": onbekende soort "kosten" (kies uit: gebeurtenis, ondersteuning).'),
    ("tijdlijn", 3, "frequentie", "uur", 'kolom "frequentie": onbekende frequentie "uur" (kies uit: dag, week, maand, jaar).'),
    ("tijdlijn", 3, "interventie", "misschien", 'Blad "tijdlijn", rij 3, kolom "interventie": "misschien" is geen "ja" of "nee".'),
    ("tijdlijn", 5, "financier", "gemeente", 'Blad "tijdlijn", rij 5, kolom "financier": onbekende financier "gemeente"; geldige financiers zijn: gemeente-wmo, gemeente-jeugd, gemeente-participatie'),
    ("tijdlijn", 8, "omschrijving", "Anders", 'Blad "tijdlijn", rij 8, kolom "omschrijving": deze rij hoort bij item "o5" van rij 7, maar de omschrijving verschilt ("Anders" tegenover "Interventie").'),
    ("tijdlijn", 8, "eind", "2024-05-31", 'Blad "tijdlijn", rij 8, kolom "eind": deze rij hoort bij item "o5" van rij 7, maar het eind verschilt'),
    ("tijdlijn", 8, "interventie", "nee", 'Blad "tijdlijn", rij 8, kolom "interventie": deze rij hoort bij item "o5" van rij 7'),
    ("tijdlijn", 3, "item", "g1", 'Blad "tijdlijn", rij 3, kolom "item": gebeurtenis "g1" staat al op rij 2; een gebeurtenis heeft maar één rij.'),
    ("tijdlijn", 8, "soort", "gebeurtenis", 'Blad "tijdlijn", rij 8, kolom "soort": deze rij hoort bij item "o5" van rij 7, maar de soort verschilt'),
    ("tijdlijn", 2, "aantal", "2", 'Blad "tijdlijn", rij 2, kolom "aantal": een gebeurtenis heeft geen kostenregels'),
    ("prijslijst", 2, "prijs", "-1", 'Blad "prijslijst", rij 2, kolom "prijs": "-1" mag niet negatief zijn.'),
    ("prijslijst", 2, "prijs", "", 'Blad "prijslijst", rij 2, kolom "prijs": deze cel is verplicht maar leeg'),
    ("prijslijst", 2, "eenheid", "kwartier", 'Blad "prijslijst", rij 2, kolom "eenheid": onbekende eenheid "kwartier" (kies uit: uur, dagdeel'),
    ("prijslijst", 2, "hardheid", "zacht", 'Blad "prijslijst", rij 2, kolom "hardheid": onbekende hardheid "zacht" (kies uit: hard, onderbouwd, aanname).'),
    ("prijslijst", 2, "financier", "", 'Blad "prijslijst", rij 2, kolom "financier": deze cel is verplicht maar leeg (kies uit: gemeente-wmo'),
    ("prijslijst", 3, "code", "KM", 'Blad "prijslijst", rij 3, kolom "code": prijscode "KM" komt twee keer voor.'),
    ("casussen", 2, "einddatum", "2023-01-01", 'Blad "casussen", rij 2, kolom "einddatum": de einddatum ligt vóór de startdatum (2023-01-01 vóór 2024-01-01).'),
    ("casussen", 3, "code", "1", 'Blad "casussen", rij 3, kolom "code": casuscode "1" komt twee keer voor.'),
    ("casussen", 2, "titel", "", 'Blad "casussen", rij 2, kolom "titel": deze cel is verplicht maar leeg.'),
    ("casussen", 2, "startdatum", "1 jan 2024", 'Blad "casussen", rij 2, kolom "startdatum": "1 jan 2024" is geen datum'),
    ("werkwijzen", 3, "code", "met", 'Blad "werkwijzen", rij 3, kolom "code": werkwijzecode "met" komt twee keer voor.'),
    ("werkwijzen", 2, "referentie", "ja", 'Blad "werkwijzen", kolom "referentie": precies één werkwijze moet referentie "ja" hebben (nu 2).'),
    ("werkwijzen", 3, "referentie", "nee", 'Blad "werkwijzen", kolom "referentie": precies één werkwijze moet referentie "ja" hebben (nu 0).'),
    ("werkwijzen", 2, "referentie", "soms", 'Blad "werkwijzen", rij 2, kolom "referentie": "soms" is geen "ja" of "nee".'),
    ("evaluatie", 2, "waarde", "", 'Blad "evaluatie", rij 2, kolom "waarde": deze cel is verplicht maar leeg.'),
    ("evaluatie", 2, "veld", "naam", 'Blad "evaluatie": het veld "titel" (de titel) ontbreekt.'),
    ("evaluatie", 4, "veld", "versie", 'Blad "evaluatie": het veld "prijslijst" (de naam van de prijslijst) ontbreekt.'),
    ("evaluatie", 4, "waarde", "", 'Blad "evaluatie", rij 4, kolom "waarde": deze cel is verplicht maar leeg.'),
    ("evaluatie", 3, "veld", "titel", 'Blad "evaluatie", rij 3, kolom "veld": veld "titel" komt twee keer voor.'),
    ("evaluatie", 5, "waarde", "2024-13-01", 'Blad "evaluatie", rij 5, kolom "waarde": "2024-13-01" is geen bestaande datum.'),
]  # fmt: skip


@pytest.mark.parametrize(("sheet", "row", "column", "value", "message"), CELL_ERRORS)
def test_it_rejects_a_bad_cell_naming_sheet_row_and_column(
    tmp_path, organisation, sheet, row, column, value, message
):
    messages = rejected(tmp_path, edit(workbook(), sheet, row, column, value), organisation)

    assert any(m.startswith(message) or message in m for m in messages), messages


def test_it_rejects_an_event_with_several_rows(tmp_path, organisation):
    book = workbook()
    book["tijdlijn"].insert(2, list(book["tijdlijn"][1]))

    assert rejected(tmp_path, book, organisation) == [
        'Blad "tijdlijn", rij 3, kolom "item": gebeurtenis "g1" staat al op rij 2; een '
        "gebeurtenis heeft maar één rij."
    ]


def test_it_rejects_more_than_three_werkwijzen(tmp_path, organisation):
    book = workbook()
    book["werkwijzen"].append(["vier", "Vierde", "nee", "4"])

    assert rejected(tmp_path, book, organisation) == [
        'Blad "werkwijzen": er zijn 4 werkwijzen; er mogen er hoogstens 3 zijn.'
    ]


def test_it_collects_every_error_of_every_sheet_at_once(tmp_path, organisation):
    book = workbook()
    edit(book, "tijdlijn", 3, "prijscode", "XYZ")
    edit(book, "tijdlijn", 5, "start", "2018-02-30")
    edit(book, "tijdlijn", 6, "bedrag", "veel")
    edit(book, "casussen", 3, "einddatum", "2024-04-01")
    edit(book, "prijslijst", 3, "eenheid", "minuut")

    messages = rejected(tmp_path, book, organisation)

    assert len(messages) == 5
    assert [m.split(":")[0] for m in messages] == [
        'Blad "prijslijst", rij 3, kolom "eenheid"',
        'Blad "casussen", rij 3, kolom "einddatum"',
        'Blad "tijdlijn", rij 3, kolom "prijscode"',
        'Blad "tijdlijn", rij 5, kolom "start"',
        'Blad "tijdlijn", rij 6, kolom "bedrag"',
    ]


def test_it_does_not_reject_rows_outside_the_case_period(tmp_path, organisation):
    book = edit(workbook(), "tijdlijn", 2, "start", "2023-06-01")

    evaluation = import_workbook(write_folder(tmp_path / "w", book), organisation)

    assert TimelineItem.objects.get(case__evaluation=evaluation, label="g1").start == date(
        2023, 6, 1
    )


@pytest.mark.parametrize("sheet", ["evaluatie", "werkwijzen", "prijslijst", "casussen", "tijdlijn"])
def test_it_rejects_a_missing_sheet_by_name(tmp_path, organisation, sheet):
    book = workbook()
    del book[sheet]

    assert rejected(tmp_path, book, organisation) == [f'Blad "{sheet}" ontbreekt.']


@pytest.mark.parametrize(
    ("sheet", "column"),
    [("tijdlijn", "prijscode"), ("tijdlijn", "start"), ("prijslijst", "prijs"), ("casussen", "titel"),
     ("werkwijzen", "referentie"), ("evaluatie", "waarde")],
)  # fmt: skip
def test_it_rejects_a_missing_column_by_name(tmp_path, organisation, sheet, column):
    book = workbook()
    index = book[sheet][0].index(column)
    book[sheet] = [row[:index] + row[index + 1 :] for row in book[sheet]]

    assert rejected(tmp_path, book, organisation) == [
        f'Blad "{sheet}": kolom "{column}" ontbreekt.'
    ]


def test_it_names_every_missing_sheet_and_column_at_once(tmp_path, organisation):
    book = workbook()
    del book["casussen"]
    book["tijdlijn"] = [row[1:] for row in book["tijdlijn"]]

    assert rejected(tmp_path, book, organisation) == [
        'Blad "casussen" ontbreekt.',
        'Blad "tijdlijn": kolom "casus" ontbreekt.',
    ]


def test_it_reports_a_row_with_more_cells_than_the_header(tmp_path, organisation):
    book = workbook()
    book["tijdlijn"][1] = [*book["tijdlijn"][1], "extra"]

    messages = rejected(tmp_path, book, organisation)

    assert messages[0].startswith('Blad "tijdlijn", rij 2: de rij heeft meer cellen (17)')


# Files ----------------------------------------------------------------------------------------


def file_rejected(source, organisation) -> list[str]:
    before = row_counts()
    with pytest.raises(WorkbookError) as raised:
        import_workbook(source, organisation)
    assert row_counts() == before
    return raised.value.messages


def test_it_rejects_an_empty_file(tmp_path, organisation):
    (tmp_path / "leeg.xlsx").write_bytes(b"")

    assert file_rejected(tmp_path / "leeg.xlsx", organisation) == ["Het bestand is leeg."]


def test_it_rejects_a_file_that_is_no_xlsx(tmp_path, organisation):
    (tmp_path / "nep.xlsx").write_text("dit is geen spreadsheet")

    assert file_rejected(tmp_path / "nep.xlsx", organisation) == [
        "Het bestand is geen geldig xlsx-bestand."
    ]


def test_it_rejects_a_file_that_is_no_zip(tmp_path, organisation):
    (tmp_path / "nep.zip").write_bytes(b"PK\x03\x04 kapot")
    upload = SimpleUploadedFile("werkmap.zip", b"geen zip")

    assert file_rejected(tmp_path / "nep.zip", organisation) == [
        "Het bestand is geen geldig zip-bestand."
    ]
    assert file_rejected(upload, organisation) == ["Het bestand is geen geldig zip-bestand."]


def _zip_with_member_flags(path, *, method: int | None = None, encrypted: bool = False):
    """The Stein workbook zipped, then its headers altered as other zip tools write them:
    a compression method Python cannot unpack, or members marked as encrypted."""
    write_zip(path, WORKBOOK)
    data = bytearray(path.read_bytes())
    for signature, flags_at, method_at in ((b"PK\x03\x04", 6, 8), (b"PK\x01\x02", 8, 10)):
        start = data.find(signature)
        while start != -1:
            if method is not None:
                data[start + method_at : start + method_at + 2] = method.to_bytes(2, "little")
            if encrypted:
                data[start + flags_at] |= 0x01
            start = data.find(signature, start + 4)
    path.write_bytes(bytes(data))
    return path


@pytest.mark.parametrize("alteration", [{"method": 99}, {"encrypted": True}])
def test_it_rejects_a_zip_it_cannot_unpack(tmp_path, organisation, alteration):
    path = _zip_with_member_flags(tmp_path / "werkmap.zip", **alteration)

    assert file_rejected(path, organisation) == ["Het zip-bestand kan niet worden uitgepakt."]


def test_it_rejects_a_damaged_xlsx(tmp_path, organisation):
    path = tmp_path / "kapot.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("xl/workbook.xml", "<niet-af")

    assert file_rejected(path, organisation) == ["Het xlsx-bestand kan niet worden gelezen."]


def test_it_rejects_a_lone_csv_and_an_old_xls(tmp_path, organisation):
    (tmp_path / "tijdlijn.csv").write_bytes(csv_bytes(WORKBOOK["tijdlijn"]))
    (tmp_path / "oud.xls").write_bytes(b"\xd0\xcf\x11\xe0" + b"\0" * 100)

    assert (
        "Eén CSV-bestand is geen werkmap"
        in file_rejected(tmp_path / "tijdlijn.csv", organisation)[0]
    )
    assert "oude .xls-formaat" in file_rejected(tmp_path / "oud.xls", organisation)[0]


def test_it_rejects_a_csv_that_is_no_utf8(tmp_path, organisation):
    folder = write_folder(tmp_path / "w", WORKBOOK)
    (folder / "casussen.csv").write_bytes("code,titel\n1,Café\n".encode("cp1252"))

    assert file_rejected(folder, organisation) == [
        'Blad "casussen": het bestand is geen UTF-8-tekst; sla het op als "CSV UTF-8".'
    ]


def test_it_rejects_an_oversized_file_before_reading_it(tmp_path, organisation, settings):
    path = write_xlsx(tmp_path / "w.xlsx", WORKBOOK)
    settings.WORKBOOK_MAX_BYTES = 1024

    assert file_rejected(path, organisation) == ["Het bestand is te groot (hoogstens 1 MB)."]
    upload = SimpleUploadedFile("w.xlsx", path.read_bytes())
    assert file_rejected(upload, organisation)[0].startswith("Het bestand is te groot")
    assert file_rejected(write_folder(tmp_path / "w", WORKBOOK), organisation)[0].startswith(
        "Het bestand is te groot"
    )


def test_it_rejects_a_zip_that_unpacks_to_far_too_much(tmp_path, organisation, settings):
    settings.WORKBOOK_MAX_BYTES = 10_000
    path = tmp_path / "bom.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("tijdlijn.csv", "a" * 1_000_000)

    assert file_rejected(path, organisation)[0].startswith("Het bestand is te groot")


@pytest.mark.parametrize("writer", [write_folder, write_xlsx])
def test_it_rejects_too_many_rows(tmp_path, organisation, settings, writer):
    settings.WORKBOOK_MAX_ROWS = 20
    target = tmp_path / ("w" if writer is write_folder else "w.xlsx")

    assert file_rejected(writer(target, WORKBOOK), organisation) == [
        "Het bestand heeft te veel rijen (hoogstens 20)."
    ]


# The price list on its own ---------------------------------------------------------------------


def test_it_imports_a_price_list_from_csv_and_xlsx(tmp_path, organisation):
    (tmp_path / "prijzen.csv").write_bytes(csv_bytes(WORKBOOK["prijslijst"]))
    write_xlsx(tmp_path / "prijzen.xlsx", {"prijslijst": WORKBOOK["prijslijst"]})

    from_csv = import_price_list(tmp_path / "prijzen.csv", organisation, "Prijzen 2024", 2024)
    from_xlsx = import_price_list(tmp_path / "prijzen.xlsx", organisation, "Prijzen xlsx")

    assert (from_csv.name, from_csv.price_year, from_csv.items.count()) == ("Prijzen 2024", 2024, 4)
    assert [i.code for i in from_xlsx.items.all()] == ["KM", "WT", "OPV", "BEG"]
    assert from_xlsx.price_year == 2024  # every item has that year


def test_it_imports_the_example_price_list_reading_odd_years_as_unknown(organisation, settings):
    path = settings.BASE_DIR / "pricelist" / "data" / "prijslijst-voorbeeld.csv"

    price_list = import_price_list(path, organisation, "Voorbeeld")

    assert price_list.items.count() == 42
    assert price_list.items.get(code="PSYCHOLOOG").price_year is None  # "~202"
    assert price_list.items.get(code="BIJSTAND-UITVOERING").price_year is None  # "unkn"
    assert price_list.items.get(code="VERZUIMDAG").price_year == 2023


def test_it_imports_a_price_list_all_or_nothing(tmp_path, organisation):
    rows = copy.deepcopy(WORKBOOK["prijslijst"])
    rows[3][5] = "betaler"
    rows[4][2] = "minuut"
    (tmp_path / "prijzen.csv").write_bytes(csv_bytes(rows))
    before = row_counts()

    with pytest.raises(WorkbookError) as raised:
        import_price_list(tmp_path / "prijzen.csv", organisation, "Prijzen")

    assert row_counts() == before
    assert [m.split(":")[0] for m in raised.value.messages] == [
        'Blad "prijslijst", rij 4, kolom "financier"',
        'Blad "prijslijst", rij 5, kolom "eenheid"',
    ]


def test_it_refuses_a_price_list_without_a_new_name(tmp_path, organisation):
    (tmp_path / "prijzen.csv").write_bytes(csv_bytes(WORKBOOK["prijslijst"]))
    import_price_list(tmp_path / "prijzen.csv", organisation, "Prijzen")

    with pytest.raises(WorkbookError) as raised:
        import_price_list(tmp_path / "prijzen.csv", organisation, "Prijzen")
    assert raised.value.messages == [
        'Er bestaat al een prijslijst "Prijzen"; kies een andere naam.'
    ]
    with pytest.raises(WorkbookError) as raised:
        import_price_list(tmp_path / "prijzen.csv", organisation, "  ")
    assert raised.value.messages == ["De naam van de prijslijst ontbreekt."]
    assert PriceList.objects.count() == 1


def test_it_counts_no_evaluation_when_nothing_was_imported(tmp_path, organisation):
    rejected(tmp_path, edit(workbook(), "tijdlijn", 3, "prijscode", "XYZ"), organisation)

    assert not Evaluation.objects.exists()
