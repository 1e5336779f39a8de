"""Every figure of an evaluation, or of one case, from one load of its timeline.

:func:`load` reads the timeline items with their cost lines once (a constant number of
queries, however many cases) and hands every line to the engines: :mod:`lib.costing` for the
totals, intervention subtotals, hours, costs per financier and each item's cost;
:mod:`lib.firmness` for ranges, aanname shares and switching values. The evaluation page, the
case page, the session screen, the report, its spreadsheet and the summary JSON read their
figures from what it returns, and nothing else adds money up: no template and no report
computes a total of its own.

:class:`CrossTable` is the cross-case table (DESIGN §1) in the published column order, for
the evaluation page, the report and the spreadsheet alike.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from functools import cached_property

from django.db.models import Prefetch

from cases.models import Case, CostLine, Evaluation, Scenario, TimelineItem
from lib import costing, dutch, firmness, sensitivity, timecourse

ITEM_ORDER = ("start", "position", "pk")


@dataclass(frozen=True)
class Column:
    """One column of the cross-case table: a werkwijze's total, the intervention subtotal of
    a werkwijze, or a werkwijze's verschil against the reference."""

    kind: str  # "total" | "intervention" | "difference"
    scenario: Scenario

    @property
    def heading(self) -> str:
        return f"{self.title} ({self.subtitle})" if self.subtitle else self.title

    @property
    def title(self) -> str:
        return {"intervention": "Interventie", "difference": "Verschil"}.get(
            self.kind, self.scenario.name
        )

    @property
    def subtitle(self) -> str:
        if self.kind == "intervention":
            return f"deel van {self.scenario.name}"
        if self.kind == "difference":
            return f"referentie min {self.scenario.name}"
        return ""

    def value(self, figures: costing.CaseFigures) -> Decimal:
        code = self.scenario.code
        if self.kind == "intervention":
            return figures.intervention_subtotal(code)
        if self.kind == "difference":
            return figures.difference(code)
        return figures.total(code)

    def range(self, firm: firmness.CaseFirmness) -> firmness.Range | None:
        """The cell's range low–high where it is not exact: a total or verschil that rests on
        onderbouwd or aanname prices; None for an exact one and for an intervention
        subtotal (it is part of a total whose range is shown)."""
        scenario = firm.of(self.scenario.code)
        found = None
        if self.kind == "total":
            found = scenario.total
        elif self.kind == "difference":
            found = scenario.difference
        return None if found is None or found.is_exact else found

    def is_range(self, firm: firmness.CaseFirmness) -> bool:
        return self.range(firm) is not None


def table_columns(scenarios: list[Scenario]) -> list[Column]:
    """Per werkwijze its total, followed by its intervention subtotal unless it is the
    reference; then the verschil of every other werkwijze. For Stein that gives the
    published order: Totale traject, Village Deal, Zonder VD, Verschil."""
    columns = []
    for scenario in scenarios:
        columns.append(Column("total", scenario))
        if not scenario.is_reference:
            columns.append(Column("intervention", scenario))
    columns += [Column("difference", s) for s in scenarios if not s.is_reference]
    return columns


@dataclass(frozen=True)
class Cell:
    amount: Decimal
    range: firmness.Range | None = None  # low–high where the amount is not exact

    @property
    def is_range(self) -> bool:
        return self.range is not None


@dataclass(frozen=True)
class TableRow:
    label: str
    cells: list[Cell]
    case: Case | None = None  # None for the totals row
    # The number of the footnote that holds the case's toelichting op de cijfers, counted
    # over the cases that have one; None without one.
    note_mark: int | None = None


@dataclass(frozen=True)
class CrossTable:
    columns: list[Column]
    rows: list[TableRow]
    total: TableRow

    @property
    def footnotes(self) -> list[TableRow]:
        """The rows whose case's toelichting op de cijfers stands under the table."""
        return [row for row in self.rows if row.note_mark]


NO_FINANCIER = "Geen financier opgegeven"
UNDIVIDED = "Niet verdeeld"


@dataclass(frozen=True)
class FinancierRow:
    """What one financier pays per werkwijze and, per werkwijze other than the reference,
    its verschil: None where that cannot be told (:meth:`lib.costing.CaseFigures.divides`).
    The row of undivided sums (code :data:`lib.costing.UNDIVIDED`) never has a verschil: it is
    nobody's saving."""

    code: str
    name: str
    amounts: list[Decimal]
    differences: list[Decimal | None]

    @property
    def is_undivided(self) -> bool:
        return self.code == costing.UNDIVIDED


def financier_rows(
    figures: costing.CaseFigures, scenarios: list[Scenario], names: dict[str, str]
) -> tuple[list[FinancierRow], FinancierRow]:
    """Per financier in the organisation's order (``names``: code → name, in order), then
    codes it does not know, then lines without a financier, and last the undivided sums;
    and the totals row."""
    rank = {code: index for index, code in enumerate(names)}
    last = {"": len(rank) + 1, costing.UNDIVIDED: len(rank) + 2}

    def order(code: str) -> tuple:
        return (rank.get(code, last.get(code, len(rank))), code)

    compared = [s.code for s in scenarios if s.code != figures.reference]
    rows = []
    for code in sorted(figures.financiers(), key=order):
        if code == costing.UNDIVIDED:
            name = UNDIVIDED
        else:
            name = names.get(code, code) if code else NO_FINANCIER
        rows.append(
            FinancierRow(
                code,
                name,
                [figures.paid_by(s.code, code) for s in scenarios],
                [
                    figures.financier_difference(c, code)
                    if figures.divides(c) and code != costing.UNDIVIDED
                    else None
                    for c in compared
                ],
            )
        )
    totals = FinancierRow(
        "",
        "Totaal",
        [figures.total(s.code) for s in scenarios],
        [figures.difference(c) for c in compared],
    )
    return rows, totals


@dataclass(frozen=True)
class CaseDifference:
    """One case's verschil of a werkwijze, with its range."""

    case: Case | None  # None: all cases together
    amount: Decimal
    range: firmness.Range


@dataclass(frozen=True)
class Bottomline:
    """What the bestuurlijke samenvatting says of one werkwijze against the reference, over
    all cases: the verschil per case and in total with their ranges, both totals as ranges
    with their aanname shares, how firm that is in words, and who pays and who saves."""

    scenario: Scenario
    reference: Scenario
    cases: list[CaseDifference]
    total: CaseDifference  # case None: all cases together
    scenario_firmness: firmness.ScenarioFirmness
    reference_firmness: firmness.ScenarioFirmness
    financiers: list[FinancierRow]  # over all cases, every werkwijze's amounts
    # (financier name, verschil) for this werkwijze, where the verschil can be told per
    # financier; empty when an undivided sum makes that impossible.
    financier_differences: list[tuple[str, Decimal]]
    undivided: Decimal  # the undivided sums of the reference and this werkwijze together

    @property
    def divides(self) -> bool:
        return not self.undivided

    @property
    def firmness_sentence(self) -> str:
        return firmness.difference_sentence(self.total.range, dutch.euro)

    @property
    def aanname_sentences(self) -> list[str]:
        """How much of each total rests on aannames, the werkwijze first."""
        return [
            firmness.aanname_sentence(self.scenario.name, self.scenario_firmness),
            firmness.aanname_sentence(self.reference.name, self.reference_firmness),
        ]


@dataclass(frozen=True)
class Outlook:
    """How sure and how lasting one werkwijze's verschil is, in a case or over all cases: when
    it breaks even, which prices move it most (the tornado), where the conclusion tips, and
    the second verschil after deadweight and attribution (None while both are 0)."""

    scenario: Scenario
    difference: Decimal
    break_even: str
    tornado: list[sensitivity.Bar]
    tipping: str
    adjusted: Decimal | None


@dataclass(frozen=True)
class Projected:
    """One werkwijze's projection after a case: labelled, never added to what was observed."""

    scenario: Scenario
    projection: timecourse.Projection
    sentence: str


@dataclass(frozen=True)
class Figures:
    """The figures of the cases loaded, keyed by case id, and their sum over those cases."""

    evaluation: Evaluation
    scenarios: list[Scenario]
    cases: list[Case]
    items: dict[int, list[TimelineItem]]  # per case id, in date order, lines prefetched
    by_case: dict[int, costing.CaseFigures]
    totals: costing.CaseFigures
    lines: dict[int, list[firmness.FirmLine]] = field(repr=False)  # per case id
    item_costs: dict[int, Decimal] = field(repr=False)
    line_costs: dict[int, Decimal] = field(repr=False)
    _courses: dict = field(default_factory=dict, repr=False, compare=False)

    @cached_property
    def firmness(self) -> firmness.EvaluationFirmness:
        """Ranges, aanname shares and switching values, worked out when first asked (the
        session screen does not show them)."""
        return firmness.evaluation_firmness(
            [(s.code, s.name, s.is_reference) for s in self.scenarios],
            # Keyed by the Case itself, so that a page or report can show its code and title.
            [(case, self.lines[case.pk]) for case in self.cases],
            self.evaluation.margins,
        )

    @property
    def reference(self) -> Scenario:
        return next(s for s in self.scenarios if s.is_reference)

    @property
    def compared(self) -> list[Scenario]:
        """Every werkwijze but the reference."""
        return [s for s in self.scenarios if not s.is_reference]

    def of(self, case: Case) -> costing.CaseFigures:
        return self.by_case[case.pk]

    def firmness_of(self, case: Case) -> firmness.CaseFirmness:
        return self.firmness.cases[case]

    def period(self, case: Case) -> tuple[date, date]:
        """The case's months: its own period, widened to every item in it."""
        items = self.items[case.pk]
        return (
            min([case.start_date, *(item.start for item in items)]),
            max([case.end_date, *(item.end for item in items)]),
        )

    def courses(self, case: Case) -> dict[str, timecourse.Course]:
        """Per werkwijze code its cost per month over the case's months (worked out once)."""
        if case.pk not in self._courses:
            first, last = self.period(case)
            codes = [s.code for s in self.scenarios]
            lines = [f.line for f in self.lines[case.pk]]
            self._courses[case.pk] = timecourse.case_courses(codes, lines, first, last)
        return self._courses[case.pk]

    def years(self, case: Case) -> list[tuple[int, list[Decimal]]]:
        """Rows (calendar year, [cost per werkwijze]) of the case's costs per year."""
        courses = self.courses(case)
        per_year = [courses[s.code].per_year() for s in self.scenarios]
        return [(year, [years[year] for years in per_year]) for year in sorted(per_year[0])]

    def break_evens(self, case: Case) -> list[tuple[Scenario, timecourse.BreakEven]]:
        """Per werkwijze other than the reference the month it breaks even in this case."""
        found = timecourse.break_evens(self.courses(case), self.reference.code)
        return [(s, found[s.code]) for s in self.compared]

    def _outlook(
        self, scenario, lines, break_even: timecourse.BreakEven, verschil, all_cases=False
    ) -> Outlook:
        reference = [line for line in lines if line.line.scenario == self.reference.code]
        own = [line for line in lines if line.line.scenario == scenario.code]
        named = self._named_by_case if all_cases else list
        avoided = firmness.costliest_avoided(reference, own)
        evaluation = self.evaluation
        adjusted = None
        if evaluation.deadweight or evaluation.attribution:
            adjusted = sensitivity.adjusted_difference(
                verschil, evaluation.deadweight, evaluation.attribution
            )
        return Outlook(
            scenario=scenario,
            difference=verschil,
            break_even=break_even.sentence(scenario.name),
            tornado=sensitivity.tornado(named(reference), named(own), evaluation.margins),
            tipping=sensitivity.tipping_sentence(
                scenario.name,
                sensitivity.tipping_share(reference, own),
                item=avoided.name if avoided else "",
            ),
            adjusted=adjusted,
        )

    def outlooks(self, case: Case | None = None) -> list[Outlook]:
        """Per werkwijze but the reference its outlook in ``case``, or over all cases."""
        if case is not None:
            found = timecourse.break_evens(self.courses(case), self.reference.code)
            lines, figures = self.lines[case.pk], self.of(case)
        else:
            courses = [self.courses(c) for c in self.cases]
            reference = self.reference.code
            found = {
                s.code: timecourse.break_even_over_cases(
                    [c[reference] for c in courses], [c[s.code] for c in courses]
                )
                for s in self.compared
            }
            lines = [line for c in self.cases for line in self.lines[c.pk]]
            figures = self.totals
        return [
            self._outlook(s, lines, found[s.code], figures.difference(s.code), case is None)
            for s in self.compared
        ]

    def _named_by_case(self, lines: list[firmness.FirmLine]) -> list[firmness.FirmLine]:
        """The lines with each fixed amount's description preceded by its case: a tornado
        over all cases names a fixed amount by its description, and every case's lump sum may
        share one ("Geschatte kosten …")."""
        case_of = {id(line): case for case in self.cases for line in self.lines[case.pk]}
        return [
            replace(line, description=f"Casus {case_of[id(line)].code}: {line.description}")
            if line.line.is_fixed and id(line) in case_of
            else line
            for line in lines
        ]

    def projections(self, case: Case) -> list[Projected]:
        """Per werkwijze what its recurring support would cost over the evaluation's horizon
        after the case; empty while the horizon is 0."""
        evaluation = self.evaluation
        if not evaluation.horizon_years:
            return []
        last = self.period(case)[1]
        out = []
        for scenario in self.scenarios:
            lines = [f.line for f in self.lines[case.pk] if f.line.scenario == scenario.code]
            projection = timecourse.project(
                lines, last, evaluation.horizon_years, evaluation.discount_rate
            )
            sentence = timecourse.projection_sentence(scenario.name, projection)
            out.append(Projected(scenario, projection, sentence))
        return out

    @cached_property
    def financier_names(self) -> dict[str, str]:
        """The organisation's financiers, code → name, in their order (one query)."""
        return dict(self.evaluation.organisation.financiers.values_list("code", "name"))

    def financier_table(self, case: Case | None = None):
        """:func:`financier_rows` of ``case``, or of all cases together."""
        loaded = self.totals if case is None else self.of(case)
        return financier_rows(loaded, self.scenarios, self.financier_names)

    def bottomlines(self) -> list[Bottomline]:
        """Per werkwijze but the reference what the bestuurlijke samenvatting says of it."""
        firm = self.firmness
        reference = self.reference
        rows, _totals = self.financier_table()
        out = []
        for index, scenario in enumerate(self.compared):
            own = firm.totals.of(scenario.code)
            undivided = self.totals.paid_by(reference.code, costing.UNDIVIDED) + (
                self.totals.paid_by(scenario.code, costing.UNDIVIDED)
            )
            out.append(
                Bottomline(
                    scenario=scenario,
                    reference=reference,
                    cases=[
                        CaseDifference(
                            case,
                            self.of(case).difference(scenario.code),
                            firm.cases[case].of(scenario.code).difference,
                        )
                        for case in self.cases
                    ],
                    total=CaseDifference(
                        None, self.totals.difference(scenario.code), own.difference
                    ),
                    scenario_firmness=own,
                    reference_firmness=firm.totals.of(reference.code),
                    financiers=rows,
                    financier_differences=[
                        (row.name, row.differences[index])
                        for row in rows
                        if row.differences[index] is not None
                    ],
                    undivided=undivided,
                )
            )
        return out

    def rows(self) -> list[tuple[Case, costing.CaseFigures]]:
        """(case, figures) in case order."""
        return [(case, self.by_case[case.pk]) for case in self.cases]

    def item_cost(self, item: TimelineItem) -> Decimal:
        return self.item_costs[item.pk]

    def line_cost(self, line: CostLine) -> Decimal:
        return self.line_costs[line.pk]

    @cached_property
    def table(self) -> CrossTable:
        columns = table_columns(self.scenarios)

        def row(label, figures, firm, case=None, mark=None) -> TableRow:
            cells = [Cell(c.value(figures), c.range(firm)) for c in columns]
            return TableRow(label, cells, case, mark)

        noted = [case for case in self.cases if case.figures_note.strip()]
        return CrossTable(
            columns,
            [
                row(
                    f"{case.code} {case.title}",
                    self.of(case),
                    self.firmness_of(case),
                    case,
                    noted.index(case) + 1 if case in noted else None,
                )
                for case in self.cases
            ],
            row("Totaal", self.totals, self.firmness.totals),
        )


def timeline_items(cases, forecast: bool = False) -> list[TimelineItem]:
    """The items of ``cases`` (a queryset), with their werkwijze and cost lines, in date
    order; three queries however many there are.

    The one place where items are chosen for figures: a case's figures are its course (the
    items not kept as a forecast; for a prognose not yet realised, that is the prognose
    itself); ``forecast`` gives the kept forecast of a realised prognose instead
    (cases.prognosis). So no figure mixes the two."""
    lines = CostLine.objects.select_related(
        "price_item__financier", "price_item__price_list", "financier"
    )
    return list(
        TimelineItem.objects.filter(case__in=cases, is_forecast=forecast)
        .select_related("scenario")
        .prefetch_related(Prefetch("lines", queryset=lines))
        .order_by(*ITEM_ORDER)
    )


def with_costs(items) -> list[TimelineItem]:
    """Give each item its ``cost`` and each of its lines its ``calculation`` ("2 uur × … =
    € …") from the engine, for the entry list, whose rows come and go one at a time."""
    items = list(items)
    for item in items:
        lines = [(line, line.to_costing()) for line in item.lines.all()]
        for line, engine_line in lines:
            line.calculation = dutch.calculation(engine_line)
        item.cost = costing.item_cost(engine_line for _line, engine_line in lines)
    return items


def cost_plan(plan) -> Decimal:
    """A copy's preview (:func:`cases.timeline.plan_copy`): each planned item's ``cost`` as
    the engine gives it, before it is written; returns their sum."""
    for planned in plan:
        planned.copy.cost = costing.item_cost(line.to_costing() for line in planned.lines)
    return sum((planned.copy.cost for planned in plan), Decimal(0))


def load(evaluation: Evaluation, case: Case | None = None, forecast: bool = False) -> Figures:
    """The figures of every case of ``evaluation``, or of ``case`` alone (then the totals
    are that case's); with ``forecast``, those of the kept forecast of realised prognoses
    (see :func:`timeline_items`)."""
    scenarios = list(evaluation.scenarios.all())
    codes = [s.code for s in scenarios]
    reference = next(s.code for s in scenarios if s.is_reference)
    cases = [case] if case is not None else list(evaluation.cases.all())
    items: dict[int, list[TimelineItem]] = {c.pk: [] for c in cases}
    lines: dict[int, list[firmness.FirmLine]] = defaultdict(list)
    item_costs: dict[int, Decimal] = {}
    line_costs: dict[int, Decimal] = {}
    scope = [case.pk] if case is not None else evaluation.cases.values("pk")
    for item in timeline_items(scope, forecast):
        items[item.case_id].append(item)
        firm_lines = [line.to_firm_line() for line in item.lines.all()]
        for line, firm in zip(item.lines.all(), firm_lines, strict=True):
            line_costs[line.pk] = firm.cost
        lines[item.case_id] += firm_lines
        item_costs[item.pk] = costing.item_cost(firm.line for firm in firm_lines)
    by_case = {
        c.pk: costing.case_figures(codes, reference, [f.line for f in lines[c.pk]]) for c in cases
    }
    return Figures(
        evaluation=evaluation,
        scenarios=scenarios,
        cases=cases,
        items=items,
        by_case=by_case,
        totals=costing.total_figures(by_case.values(), codes, reference),
        lines=lines,
        item_costs=item_costs,
        line_costs=line_costs,
    )


def quick_figures(
    evaluation: Evaluation, case: Case | None, planned: list[tuple[TimelineItem, list[CostLine]]]
) -> tuple[costing.CaseFigures, list[Decimal]]:
    """The Leeuwarden screen's figures while it is typed (cases.views.prognosis): the case's
    saved course (none for a new case) with the ``planned`` items (unsaved, with unsaved
    lines) added; and each planned item's cost. The same engine as every other figure."""
    scenarios = list(evaluation.scenarios.all())
    codes = [s.code for s in scenarios]
    reference = next(s.code for s in scenarios if s.is_reference)
    saved = [f.line for f in load(evaluation, case).lines[case.pk]] if case is not None else []
    costs, new = [], []
    for _item, lines in planned:
        engine_lines = [line.to_costing() for line in lines]
        costs.append(costing.item_cost(engine_lines))
        new += engine_lines
    return costing.case_figures(codes, reference, saved + new), costs
