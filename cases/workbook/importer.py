"""Importing an evaluation workbook: check every sheet, collect every problem, then write the
whole evaluation in one transaction — or nothing at all.

Checking builds plain dataclasses (a *plan*); only a plan without problems is written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db import transaction

from cases import rules, timeline
from cases.models import MAX_SCENARIOS, Case, CostLine, Evaluation, ItemKind, Scenario, TimelineItem
from cases.workbook import outcome_sheets, prognosis, session_record
from lib import firmness
from lib.costing import FREQUENCIES
from lib.sheets import files, schema
from lib.sheets.cells import as_text
from lib.sheets.errors import Problems
from lib.sheets.rows import MONEY, QUANTITY, SIGNED_MONEY, NumberRule, RowReader
from pricelist import sheet as prices
from pricelist.models import default_organisation

SCENARIO_CODE = re.compile(r"[-a-zA-Z0-9_]+")
ONE = Decimal(1)
COUNT_COLUMNS = ("aantal", "personen", "keer")  # 1 when empty
YEARS = NumberRule(places=0, below=Decimal(11))  # projectie_jaren: 0 to 10
PERCENT = NumberRule(places=2, below=Decimal("100.01"))  # discontovoet, deadweight, attributie


@dataclass
class EvaluationData:
    title: str = ""
    client: str = ""
    price_list_name: str = ""
    date: date | None = None
    narrative: dict[str, str] = field(default_factory=dict)
    settings: dict[str, Decimal | int] = field(default_factory=dict)
    extra_fields: dict[str, str] = field(default_factory=dict)


@dataclass
class ScenarioData:
    code: str
    name: str
    is_reference: bool
    position: int


@dataclass
class CaseData:
    code: str
    title: str
    start: date | None
    end: date | None
    position: int
    narrative: dict[str, str]


@dataclass
class LineData:
    price_code: str
    quantity: Decimal
    persons: Decimal
    times: Decimal
    frequency: str
    rate_override: Decimal | None
    fixed_amount: Decimal | None
    financier: str
    one_off: bool = False
    hardness: str = ""
    undivided: bool = False


@dataclass
class ItemData:
    row: int
    case: str
    scenario: str
    label: str
    kind: str
    start: date
    end: date
    description: str
    is_intervention: bool
    position: int = 0
    lines: list[LineData] = field(default_factory=list)
    is_forecast: bool = False  # the kept forecast of a realised prognose (workbook/prognosis)

    def item_fields(self) -> dict[str, tuple[str, object]]:
        """The fields every row of one item must agree on: column → (what, value)."""
        return {
            "soort": ("de soort", self.kind),
            "start": ("de start", self.start),
            "eind": ("het eind", self.end),
            "omschrijving": ("de omschrijving", self.description),
            "interventie": ("interventie", "ja" if self.is_intervention else "nee"),
        }


@dataclass
class Plan:
    evaluation: EvaluationData
    scenarios: list[ScenarioData]
    price_items: list[prices.PriceItemData]
    price_list: object  # an existing, identical PriceList to reuse, or None
    cases: list[CaseData]
    items: list[ItemData]
    sessions: dict[str, session_record.SessionData] = field(default_factory=dict)
    outcomes: outcome_sheets.OutcomeData | None = None


def import_workbook(source, organisation=None) -> Evaluation:
    """A new evaluation from a workbook (a path to an .xlsx, .zip or folder, or an uploaded
    file). Raises WorkbookError with every problem found; then nothing is written."""
    sheets = files.read_sheets(source)
    with transaction.atomic():
        organisation = organisation or default_organisation()
        financiers = prices.financiers_of(organisation)
        plan = check_workbook(sheets, organisation, financiers)
        return write_plan(plan, organisation, financiers)


# Checking -----------------------------------------------------------------------------------


def check_workbook(sheets: dict[str, files.Sheet], organisation, financiers) -> Plan:
    problems = Problems()
    for name in schema.SHEETS:
        prices.check_columns(sheets.get(name), name, problems)
    problems.raise_if_any()

    evaluation = read_evaluation(sheets[schema.EVALUATIE], problems)
    scenarios = read_scenarios(sheets[schema.WERKWIJZEN], problems)
    before = len(problems.messages)
    price_items, price_codes = prices.read_price_items(
        sheets[schema.PRIJSLIJST], financiers, problems
    )
    price_list = None
    if evaluation.price_list_name and len(problems.messages) == before:
        price_list = prices.reusable_price_list(
            organisation, evaluation.price_list_name, price_items, problems
        )
    cases = read_cases(sheets[schema.CASUSSEN], problems)
    context = TimelineContext(
        cases={c.code for c in cases},
        scenarios={s.code for s in scenarios},
        price_codes=price_codes,
        financiers=financiers,
    )
    items = read_timeline(sheets[schema.TIJDLIJN], context, problems)
    sessions = session_record.read_sessions(
        sheets.get(schema.SESSIEVERSLAG), context.cases, problems
    )
    found = outcome_sheets.read_outcomes(sheets, context.cases, context.scenarios, problems)
    problems.raise_if_any()
    return Plan(evaluation, scenarios, price_items, price_list, cases, items, sessions, found)


def read_evaluation(sheet: files.Sheet, problems: Problems) -> EvaluationData:
    data = EvaluationData()
    seen: set[str] = set()
    for row in sheet.rows:
        reader = RowReader(problems, sheet.name, row)
        veld = reader.text("veld", required=True)
        key = veld.lower()
        if not veld:
            continue
        if key in seen:
            reader.error("veld", f'veld "{veld}" komt twee keer voor')
            continue
        seen.add(key)
        _read_evaluation_field(data, key, veld, reader)
    for key, what in (("titel", "de titel"), ("prijslijst", "de naam van de prijslijst")):
        if key not in seen:
            problems.add(f'het veld "{key}" ({what}) ontbreekt', sheet=sheet.name)
    return data


def _read_evaluation_field(data: EvaluationData, key: str, veld: str, reader: RowReader):
    if key == "titel":
        data.title = reader.text("waarde", required=True, max_length=200)
    elif key == "opdrachtgever":
        data.client = reader.text("waarde", max_length=200)
    elif key == "prijslijst":
        data.price_list_name = reader.text("waarde", required=True, max_length=200)
    elif key == "datum":
        data.date = reader.date("waarde")
    elif key in schema.EVALUATION_NARRATIVE:
        data.narrative[schema.EVALUATION_NARRATIVE[key]] = reader.text("waarde")
    elif key == "projectie_jaren":
        years = reader.decimal("waarde", YEARS)
        if years is not None:
            data.settings["horizon_years"] = int(years)
    elif key in schema.EVALUATION_SETTINGS:
        percent = reader.decimal("waarde", PERCENT)
        if percent is not None:
            data.settings[schema.EVALUATION_SETTINGS[key]] = percent
    else:
        # Unknown fields are kept as they are, so that export writes them back.
        data.extra_fields[veld] = reader.text("waarde")


def read_scenarios(sheet: files.Sheet, problems: Problems) -> list[ScenarioData]:
    scenarios: list[ScenarioData] = []
    codes: set[str] = set()
    for index, row in enumerate(sheet.rows, start=1):
        reader = RowReader(problems, sheet.name, row)
        code = reader.text("code", required=True, max_length=50)
        if code and not SCENARIO_CODE.fullmatch(code):
            reader.error(
                "code", f'werkwijzecode "{code}" mag alleen letters, cijfers, - en _ bevatten'
            )
        elif code in codes:
            reader.error("code", f'werkwijzecode "{code}" komt twee keer voor')
        codes.add(code)
        name = reader.text("naam", required=True, max_length=200)
        is_reference = reader.yes_no("referentie", default=False)
        position = reader.integer("volgorde", 0, 32767)
        scenarios.append(
            ScenarioData(code, name, is_reference, index if position is None else position)
        )
    if not sheet.rows:
        problems.add("er is geen enkele werkwijze", sheet=sheet.name)
    elif len(sheet.rows) > MAX_SCENARIOS:
        problems.add(
            f"er zijn {len(sheet.rows)} werkwijzen; er mogen er hoogstens {MAX_SCENARIOS} zijn",
            sheet=sheet.name,
        )
    references = sum(s.is_reference for s in scenarios)
    if sheet.rows and references != 1:
        problems.add(
            f'precies één werkwijze moet referentie "ja" hebben (nu {references})',
            sheet=sheet.name,
            column="referentie",
        )
    return scenarios


def read_cases(sheet: files.Sheet, problems: Problems) -> list[CaseData]:
    cases: list[CaseData] = []
    codes: set[str] = set()
    for index, row in enumerate(sheet.rows, start=1):
        reader = RowReader(problems, sheet.name, row)
        code = reader.text("code", required=True, max_length=50)
        if "/" in code:
            reader.error("code", f'casuscode "{code}" mag geen "/" bevatten')
        elif code and code in codes:
            reader.error("code", f'casuscode "{code}" komt twee keer voor')
        codes.add(code)
        start = reader.date("startdatum", required=True)
        end = reader.date("einddatum", required=True)
        if problem := rules.period_problem(start, end):
            reader.error("einddatum", f"{problem} ({end} vóór {start})")
        cases.append(
            CaseData(
                code=code,
                title=reader.text("titel", required=True, max_length=200),
                start=start,
                end=end,
                position=index,
                narrative={
                    attribute: reader.text(column)
                    for column, attribute in (
                        *schema.CASE_NARRATIVE.items(),
                        *schema.CASE_OPTIONAL.items(),
                    )
                }
                | prognosis.read_case(reader),
            )
        )
    return cases


@dataclass
class TimelineContext:
    cases: set[str]
    scenarios: set[str]
    price_codes: set[str]
    financiers: dict


def read_timeline(sheet: files.Sheet, context: TimelineContext, problems: Problems):
    """The timeline items, each with its cost lines in row order."""
    items: list[ItemData] = []
    by_key: dict[tuple[str, str, str], ItemData] = {}
    positions: dict[tuple[str, str], int] = {}
    for row in sheet.rows:
        reader = RowReader(problems, sheet.name, row)
        label = reader.text("item", max_length=50)
        key = (reader.text("casus"), reader.text("werkwijze"), label)
        first = by_key.get(key) if label else None
        if first is None:
            item = _read_item(reader, context, label)
        else:
            _check_further_row(reader, first)
        kind = (first or item).kind
        line = _read_line(reader, context) if kind == ItemKind.SUPPORT else None
        if kind == ItemKind.EVENT:
            _refuse_costs(reader)
        if not reader.ok:
            continue
        if first is None:
            group = (item.case, item.scenario)
            positions[group] = item.position = positions.get(group, 0) + 1
            items.append(item)
            if label:
                by_key[key] = item
            first = item
        if line:
            first.lines.append(line)
    return items


def _read_item(reader: RowReader, context: TimelineContext, label: str) -> ItemData:
    case = reader.text("casus", required=True)
    if case and case not in context.cases:
        reader.error("casus", f'onbekende casus "{case}"')
    scenario = reader.text("werkwijze", required=True)
    if scenario and scenario not in context.scenarios:
        reader.error("werkwijze", f'onbekende werkwijze "{scenario}"')
    start = reader.date("start", required=True)
    end = reader.date("eind") or start
    if problem := rules.period_problem(start, end):
        reader.error("eind", f"{problem} ({end} vóór {start})")
    return ItemData(
        row=reader.number,
        case=case,
        scenario=scenario,
        label=label,
        kind=reader.choice("soort", ItemKind.values, "soort", required=True),
        start=start,
        end=end,
        description=reader.text("omschrijving"),
        is_intervention=reader.yes_no("interventie", default=False),
        is_forecast=prognosis.read_item(reader),
    )


def _refuse_costs(reader: RowReader) -> None:
    """An event costs nothing: no price code, amount, rate, frequency or financier. Counts of
    1 are the defaults that every row has, so they may be written out."""
    for column in (*schema.COST_COLUMNS, "financier", *schema.TIMELINE_OPTIONAL):
        if not reader.filled(column):
            continue
        if column in COUNT_COLUMNS and reader.decimal(column, QUANTITY) == ONE:
            continue
        reader.error(column, f"{rules.costs_problem(ItemKind.EVENT, True)}; laat deze cel leeg")


def _read_line(reader: RowReader, context: TimelineContext) -> LineData:
    price_code = reader.text("prijscode")
    if price_code and price_code not in context.price_codes:
        reader.error("prijscode", f'onbekende prijscode "{price_code}"')
    fixed_amount = reader.decimal("bedrag", SIGNED_MONEY)
    financier = prices.read_financier(reader, context.financiers)
    if not price_code and not reader.filled("bedrag"):
        reader.error(
            "prijscode", 'ondersteuning heeft een prijscode of een bedrag nodig (kolom "bedrag")'
        )
    frequency = reader.choice("frequentie", FREQUENCIES, "frequentie")
    one_off = reader.yes_no("eenmalig", default=False)
    if problem := rules.one_off_problem(one_off, frequency):
        reader.error("eenmalig", problem)
    # A bedrag without prijscode or financier is allowed: nobody is known to pay it, so it
    # counts in the totals but under no financier.
    return LineData(
        price_code=price_code,
        quantity=_or_one(reader.decimal("aantal", QUANTITY)),
        persons=_or_one(reader.decimal("personen", QUANTITY)),
        times=_or_one(reader.decimal("keer", QUANTITY)),
        frequency=frequency,
        rate_override=reader.decimal("tarief", MONEY),
        fixed_amount=fixed_amount,
        financier=financier,
        one_off=one_off,
        hardness=reader.choice("hardheid", firmness.HARDNESSES, "hardheid"),
        undivided=reader.yes_no("niet_verdeeld", default=False),
    )


def _or_one(number: Decimal | None) -> Decimal:
    return ONE if number is None else number


def _check_further_row(reader: RowReader, first: ItemData) -> None:
    """A further row (a further cost line) of an item: its item cells may be left empty, as
    they are the first row's, or repeat the first row's values; an event has only one row."""
    if first.kind == ItemKind.EVENT:
        reader.error(
            "item",
            f'gebeurtenis "{first.label}" staat al op rij {first.row}; een gebeurtenis heeft '
            "maar één rij",
        )
        return
    read = {
        "soort": lambda: reader.choice("soort", ItemKind.values, "soort"),
        "start": lambda: reader.date("start"),
        "eind": lambda: reader.date("eind"),
        "omschrijving": lambda: reader.text("omschrijving"),
        "interventie": lambda: "ja" if reader.yes_no("interventie", default=False) else "nee",
    }
    for column, (what, expected) in first.item_fields().items():
        if not reader.filled(column):
            continue
        value = read[column]()
        if value not in (None, "", expected):
            reader.error(
                column,
                f'deze rij hoort bij item "{first.label}" van rij {first.row}, maar {what} '
                f'verschilt ("{as_text(value)}" tegenover "{as_text(expected)}")',
            )


# Writing ------------------------------------------------------------------------------------


def write_plan(plan: Plan, organisation, financiers) -> Evaluation:
    price_list = plan.price_list or prices.create_price_list(
        organisation, plan.evaluation.price_list_name, plan.price_items, financiers
    )
    data = plan.evaluation
    evaluation = Evaluation.objects.create(
        organisation=organisation,
        slug=Evaluation.unique_slug(data.title),
        title=data.title,
        client=data.client,
        date=data.date,
        price_list=price_list,
        extra_fields=data.extra_fields,
        **data.narrative,
        **data.settings,
    )
    scenarios = {
        s.code: Scenario(
            evaluation=evaluation,
            code=s.code,
            name=s.name,
            is_reference=s.is_reference,
            position=s.position,
        )
        for s in plan.scenarios
    }
    Scenario.objects.bulk_create(scenarios.values())
    cases = {
        c.code: Case(
            evaluation=evaluation,
            code=c.code,
            title=c.title,
            start_date=c.start,
            end_date=c.end,
            position=c.position,
            **c.narrative,
        )
        for c in plan.cases
    }
    session_record.apply_sessions(cases, plan.sessions)
    Case.objects.bulk_create(cases.values())
    _write_items(plan.items, cases, scenarios, price_list, financiers)
    outcome_sheets.write_outcomes(evaluation, plan.outcomes, cases, scenarios)
    return evaluation


def _write_items(items: list[ItemData], cases, scenarios, price_list, financiers) -> None:
    price_items = {p.code: p for p in price_list.items.all()}
    timeline.add_imported_items(
        (
            TimelineItem(
                case=cases[i.case],
                scenario=scenarios[i.scenario],
                kind=i.kind,
                start=i.start,
                end=i.end,
                description=i.description,
                is_intervention=i.is_intervention,
                is_forecast=i.is_forecast,
                label=i.label,
                position=i.position,
            ),
            [
                CostLine(
                    position=position,
                    price_item=price_items.get(line.price_code),
                    quantity=line.quantity,
                    persons=line.persons,
                    times=line.times,
                    frequency=line.frequency,
                    rate_override=line.rate_override,
                    fixed_amount=line.fixed_amount,
                    financier=financiers.get(line.financier),
                    one_off=line.one_off,
                    hardness=line.hardness,
                    undivided=line.undivided,
                )
                for position, line in enumerate(i.lines, start=1)
            ],
        )
        for i in items
    )
