"""What a report holds, gathered once for the HTML page, the PDF and the spreadsheet alike.

:func:`build_report` reads the evaluation in a fixed number of queries (figures, timeline
items with their cost lines, financiers, members), hands the figures over from
:meth:`Evaluation.compute_figures` unchanged and arranges them the way the report shows them:
the cross-case table, per case its summary, its timeline per werkwijze month by month, hours
per discipline and costs per financier, and the charts. Templates only lay it out.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from itertools import zip_longest

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from accounts.models import Role
from cases.models import Case, CostLine, Evaluation, Scenario, TimelineItem
from lib import charts
from lib.costing import ZERO, CaseFigures
from lib.dutch import euro, month_label
from lib.firmness import CaseFirmness, EvaluationFirmness, Margins, ScenarioFirmness
from lib.markdown import render_markdown
from pricelist.models import PriceItem

CHAPTERS = (
    ("introduction", "Inleiding"),
    ("research_questions", "Onderzoeksvragen"),
    ("conclusions", "Conclusies"),
    ("recommendations", "Aanbevelingen"),
)
# Chapters shown before the results and after them, as in the Stein rapport.
CHAPTERS_BEFORE_RESULTS = ("introduction", "research_questions")

EFFECT_FIELDS = (
    ("quality_of_life", "Kwaliteit van bestaan"),
    ("informal_support", "Informele ondersteuning"),
    ("integrated_work", "Integraal werken"),
    ("improvements", "Verbeterpunten"),
)
NO_FINANCIER = "Geen financier opgegeven"


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

    def value(self, figures: CaseFigures) -> Decimal:
        code = self.scenario.code
        if self.kind == "intervention":
            return figures.intervention(code)
        if self.kind == "difference":
            return figures.difference(code)
        return figures.total(code)


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
class SupportEntry:
    item: TimelineItem
    amount: Decimal


@dataclass(frozen=True)
class MonthRow:
    month: date
    events: list[TimelineItem]
    supports: list[SupportEntry]
    until: date | None = None  # set on a run of empty months shown as one row

    @property
    def label(self) -> str:
        if self.until:
            return f"{month_label(self.month)} – {month_label(self.until)}"
        return month_label(self.month)

    @property
    def is_empty(self) -> bool:
        return not (self.events or self.supports)

    @property
    def pairs(self) -> list[tuple[TimelineItem | None, SupportEntry | None]]:
        """Events and support side by side, row by row; an empty month keeps one row so that
        the time axis runs on without gaps."""
        return list(zip_longest(self.events, self.supports)) or [(None, None)]


@dataclass(frozen=True)
class ScenarioTimeline:
    scenario: Scenario
    months: list[MonthRow]
    total: Decimal
    intervention: Decimal
    chart: SafeString
    item_count: int

    @property
    def period(self) -> str:
        first, last = self.months[0], self.months[-1]
        return f"{month_label(first.month)} – {month_label(last.until or last.month)}"


@dataclass(frozen=True)
class ScenarioSummary:
    """A werkwijze's figures in one case, for the summary page."""

    scenario: Scenario
    total: Decimal
    intervention: Decimal
    difference: Decimal


@dataclass(frozen=True)
class FinancierRow:
    name: str
    amounts: list[Decimal]
    differences: list[Decimal]  # per werkwijze other than the reference


@dataclass(frozen=True)
class HoursRow:
    name: str
    hours: list[Decimal]


@dataclass(frozen=True)
class CaseReport:
    case: Case
    figures: CaseFigures
    values: list[Decimal]  # the case's row of the cross-case table
    narrative: dict[str, SafeString]
    effects: list[tuple[str, SafeString]]
    timelines: list[ScenarioTimeline]
    hours: list[HoursRow]
    financiers: list[FinancierRow]
    financier_totals: FinancierRow
    scenario_chart: SafeString
    financier_chart: SafeString
    # Per column of the cross-case table: whether the amount is a range rather than exact.
    marks: list[bool] = field(default_factory=list)

    @property
    def cells(self) -> list[tuple[Decimal, bool]]:
        """The cross-case row as (amount, is a range) per column."""
        return list(zip_longest(self.values, self.marks, fillvalue=False))

    @property
    def summaries(self) -> list[ScenarioSummary]:
        return [
            ScenarioSummary(
                t.scenario,
                self.figures.total(t.scenario.code),
                self.figures.intervention(t.scenario.code),
                self.figures.difference(t.scenario.code),
            )
            for t in self.timelines
        ]

    @property
    def others(self) -> list[ScenarioSummary]:
        return [s for s in self.summaries if not s.scenario.is_reference]

    @property
    def reference(self) -> ScenarioSummary:
        return next(s for s in self.summaries if s.scenario.is_reference)


@dataclass(frozen=True)
class Report:
    evaluation: Evaluation
    scenarios: list[Scenario]
    reference: Scenario
    others: list[Scenario]  # every werkwijze but the reference
    columns: list[Column]
    rows: list[CaseReport]
    totals: list[Decimal]
    total_figures: CaseFigures
    chapters_before: list[tuple[str, SafeString]]
    chapters_after: list[tuple[str, SafeString]]
    price_items: list[PriceItem]
    fixed_line_count: int
    chairs: list[str]
    members: list[tuple[str, str]]
    generated: date
    case: Case | None = None  # set when the report covers this one case alone
    charts: dict[str, SafeString] = field(default_factory=dict)
    total_financiers: list[FinancierRow] = field(default_factory=list)
    margins: Margins = field(default_factory=Margins)
    total_marks: list[bool] = field(default_factory=list)
    ranges: list[RangeNote] = field(default_factory=list)

    @property
    def total_cells(self) -> list[tuple[Decimal, bool]]:
        return list(zip_longest(self.totals, self.total_marks, fillvalue=False))

    @property
    def title(self) -> str:
        if self.case:
            return f"{self.evaluation.title} – casus {self.case.code}: {self.case.title}"
        return self.evaluation.title

    @property
    def filename(self) -> str:
        stem = f"rapport-{self.evaluation.slug}"
        return f"{stem}-casus-{self.case.code}" if self.case else stem


def werkwijzen_charts(scenarios, case_rows, totals: CaseFigures) -> dict[str, SafeString]:
    """The bars of the werkwijzen per case and for all cases together (SVG), for the report
    and the evaluation page alike; ``case_rows`` are (case, its figures)."""
    names = [s.name for s in scenarios]
    svgs = {
        "cases": charts.grouped_bars(
            "bars-cases",
            "Kosten per werkwijze per casus",
            names,
            [
                charts.BarGroup(f"{case.code} {case.title}", figures.totals.values())
                for case, figures in case_rows
            ],
            fmt=euro,
        ),
        "total": charts.grouped_bars(
            "bars-total",
            "Kosten per werkwijze, alle casussen samen",
            names,
            [charts.BarGroup("Totaal", list(totals.totals.values()))],
            fmt=euro,
        ),
    }
    return {key: _chart(svg) for key, svg in svgs.items()}


def _chart(svg: str) -> SafeString:
    """A chart from :mod:`lib.charts`, trusted as markup: that module escapes every text it
    draws (``charts._text``) and writes numbers itself; tests feed it script and markup."""
    return mark_safe(svg)  # nosec B308 B703


@dataclass(frozen=True)
class RangeNote:
    """A werkwijze's total that is a range: where it rests on onderbouwd or aanname prices."""

    label: str
    scenario: ScenarioFirmness


def _marks(columns: list[Column], firm: CaseFirmness) -> list[bool]:
    """Which cells of a cross-case row are ranges: a total or verschil that is not exact."""
    marks = []
    for column in columns:
        scenario = firm.of(column.scenario.code)
        if column.kind == "total":
            marks.append(not scenario.total.is_exact)
        elif column.kind == "difference" and scenario.difference is not None:
            marks.append(not scenario.difference.is_exact)
        else:
            marks.append(False)
    return marks


def _is_range(scenario: ScenarioFirmness) -> bool:
    difference = scenario.difference
    return not scenario.total.is_exact or (difference is not None and not difference.is_exact)


def _range_notes(rows: list[CaseReport], firm: EvaluationFirmness, whole: bool) -> list:
    labelled = [(f"{row.case.code} {row.case.title}", firm.cases[row.case]) for row in rows]
    if whole:
        labelled.append(("Totaal", firm.totals))
    return [
        RangeNote(label, scenario)
        for label, case_firmness in labelled
        for scenario in case_firmness.scenarios
        if _is_range(scenario)
    ]


def _person(user) -> str:
    return user.get_full_name() or user.username


def _people(evaluation: Evaluation) -> tuple[list[str], list[tuple[str, str]]]:
    """The effectencalculateurs and every member with their role in this evaluation: the
    evaluation's own role where one is set, else the organisation's default."""
    roles = {
        m.user_id: (m.user, m.role)
        for m in evaluation.organisation.memberships.select_related("user")
    }
    roles |= {m.user_id: (m.user, m.role) for m in evaluation.members.select_related("user")}
    members = sorted(
        ((_person(user), Role(role).label) for user, role in roles.values()),
        key=lambda pair: (pair[1], pair[0]),
    )
    chairs = [name for name, role in members if role == Role.EFFECTENCALCULATEUR.label]
    return chairs, members


def _financier_rows(
    figures: CaseFigures, scenarios: list[Scenario], names: dict[str, str], order: list[str]
) -> tuple[list[FinancierRow], FinancierRow]:
    codes = {code for s in scenarios for code in figures.figures[s.code].by_financier}
    rank = {code: index for index, code in enumerate(order)}
    rows = []
    reference = figures.reference
    for code in sorted(codes, key=lambda c: (rank.get(c, len(rank)), c)):
        amounts = {s.code: figures.figures[s.code].by_financier.get(code, ZERO) for s in scenarios}
        rows.append(
            FinancierRow(
                names.get(code, code) if code else NO_FINANCIER,
                [amounts[s.code] for s in scenarios],
                [amounts[reference] - amounts[s.code] for s in scenarios if s.code != reference],
            )
        )
    totals = FinancierRow(
        "Totaal",
        [figures.total(s.code) for s in scenarios],
        [figures.difference(s.code) for s in scenarios if s.code != reference],
    )
    return rows, totals


def _hours_rows(figures: CaseFigures, scenarios: list[Scenario], names: dict[str, str]):
    codes = sorted({code for s in scenarios for code in figures.figures[s.code].hours})
    return [
        HoursRow(
            names.get(code, code),
            [figures.figures[s.code].hours.get(code, ZERO) for s in scenarios],
        )
        for code in codes
    ]


def _timeline(
    case: Case, scenario: Scenario, items: list[TimelineItem], first: date, last: date
) -> ScenarioTimeline:
    items = sorted(items, key=lambda item: (item.start, item.position, item.pk))
    by_month: dict[date, MonthRow] = {
        month: MonthRow(month, [], []) for month in charts.month_range(first, last)
    }
    total = intervention = ZERO
    for item in items:
        row = by_month[item.start.replace(day=1)]
        if item.is_event:
            row.events.append(item)
            continue
        amount = sum((line.to_costing().cost for line in item.lines.all()), ZERO)
        row.supports.append(SupportEntry(item, amount))
        total += amount
        if item.is_intervention:
            intervention += amount
    bars = [
        charts.TimelineBar(
            item.description, item.start, item.end, item.is_event, item.is_intervention
        )
        for item in items
    ]
    chart = charts.timeline(
        f"timeline-{case.pk}-{scenario.pk}",
        f"Tijdlijn casus {case.code}, {scenario.name}, als balken over de maanden",
        bars,
        first,
        last,
    )
    return ScenarioTimeline(
        scenario, _collapse_empty(list(by_month.values())), total, intervention,
        _chart(chart), len(items),
    )  # fmt: skip


def _collapse_empty(months: list[MonthRow]) -> list[MonthRow]:
    """Runs of empty months become one row ("mrt 2017 – sep 2017"): the time axis stays
    complete without a page of blank lines."""
    out: list[MonthRow] = []
    for row in months:
        previous = out[-1] if out else None
        if row.is_empty and previous is not None and previous.is_empty:
            out[-1] = MonthRow(previous.month, [], [], until=row.month)
        else:
            out.append(row)
    return out


def _case_report(
    case: Case,
    figures: CaseFigures,
    columns: list[Column],
    scenarios: list[Scenario],
    items: list[TimelineItem],
    financier_names: dict[str, str],
    financier_order: list[str],
    price_names: dict[str, str],
) -> CaseReport:
    first = min([case.start_date, *(item.start for item in items)])
    last = max([case.end_date, *(item.end for item in items)])
    by_scenario: dict[int, list[TimelineItem]] = defaultdict(list)
    for item in items:
        by_scenario[item.scenario_id].append(item)
    timelines = [
        _timeline(case, scenario, by_scenario[scenario.pk], first, last) for scenario in scenarios
    ]
    financiers, financier_totals = _financier_rows(
        figures, scenarios, financier_names, financier_order
    )
    names = [s.name for s in scenarios]
    scenario_chart = charts.grouped_bars(
        f"bars-case-{case.pk}",
        f"Kosten per werkwijze, casus {case.code}",
        names,
        [charts.BarGroup(f"Casus {case.code}", [figures.total(s.code) for s in scenarios])],
        fmt=euro,
    )
    financier_chart = charts.grouped_bars(
        f"financiers-case-{case.pk}",
        f"Kosten per financier en werkwijze, casus {case.code}",
        names,
        [charts.BarGroup(row.name, row.amounts) for row in financiers],
        fmt=euro,
    )
    return CaseReport(
        case=case,
        figures=figures,
        values=[column.value(figures) for column in columns],
        narrative={name: render_markdown(getattr(case, name)) for name in Case.NARRATIVE_FIELDS},
        effects=[(label, render_markdown(getattr(case, name))) for name, label in EFFECT_FIELDS],
        timelines=timelines,
        hours=_hours_rows(figures, scenarios, price_names),
        financiers=financiers,
        financier_totals=financier_totals,
        scenario_chart=_chart(scenario_chart),
        financier_chart=_chart(financier_chart) if financiers else SafeString(""),
    )


def _items(evaluation: Evaluation, case: Case | None) -> list[TimelineItem]:
    lines = CostLine.objects.select_related("price_item__financier", "financier")
    items = (
        TimelineItem.objects.filter(case__evaluation=evaluation)
        .select_related("scenario")
        .prefetch_related(Prefetch("lines", queryset=lines))
    )
    if case is not None:
        items = items.filter(case=case)
    return list(items)


def build_report(evaluation: Evaluation, case: Case | None = None) -> Report:
    """Everything one report shows: the whole evaluation, or ``case`` alone."""
    figures = evaluation.compute_figures()
    scenarios = figures.scenarios
    reference = next(s for s in scenarios if s.is_reference)
    columns = table_columns(scenarios)
    items = _items(evaluation, case)
    items_by_case: dict[int, list[TimelineItem]] = defaultdict(list)
    used_prices: dict[int, PriceItem] = {}
    fixed_line_count = 0
    for item in items:
        items_by_case[item.case_id].append(item)
        for line in item.lines.all():
            if line.price_item_id:
                used_prices[line.price_item_id] = line.price_item
            if line.fixed_amount is not None:
                fixed_line_count += 1
    financiers = list(evaluation.organisation.financiers.all())
    financier_names = {f.code: f.name for f in financiers}
    financier_order = [f.code for f in financiers]
    price_items = sorted(used_prices.values(), key=lambda p: (p.position, p.code))
    price_names = {p.code: p.name for p in price_items}
    cases = [c for c in figures.cases if case is None or c.pk == case.pk]
    rows = [
        _case_report(
            c,
            figures.by_case[c.pk],
            columns,
            scenarios,
            items_by_case[c.pk],
            financier_names,
            financier_order,
            price_names,
        )
        for c in cases
    ]
    firm = evaluation.compute_firmness()
    rows = [replace(row, marks=_marks(columns, firm.cases[row.case])) for row in rows]
    chapters = [(key, label, render_markdown(getattr(evaluation, key))) for key, label in CHAPTERS]
    chairs, members = _people(evaluation)
    total_financiers, _ = _financier_rows(
        figures.totals, scenarios, financier_names, financier_order
    )
    report_charts = {
        **werkwijzen_charts(scenarios, [(row.case, row.figures) for row in rows], figures.totals),
        "financiers": charts.grouped_bars(
            "bars-financiers",
            "Kosten per financier en werkwijze, alle casussen samen",
            [s.name for s in scenarios],
            [charts.BarGroup(row.name, row.amounts) for row in total_financiers],
            fmt=euro,
        ),
    }
    return Report(
        evaluation=evaluation,
        scenarios=scenarios,
        reference=reference,
        others=[s for s in scenarios if not s.is_reference],
        columns=columns,
        rows=rows,
        totals=[column.value(figures.totals) for column in columns],
        total_figures=figures.totals,
        chapters_before=[
            (label, html) for key, label, html in chapters if key in CHAPTERS_BEFORE_RESULTS
        ],
        chapters_after=[
            (label, html) for key, label, html in chapters if key not in CHAPTERS_BEFORE_RESULTS
        ],
        price_items=price_items,
        fixed_line_count=fixed_line_count,
        chairs=chairs,
        members=members,
        generated=timezone.localdate(),
        case=case,
        charts={key: _chart(svg) for key, svg in report_charts.items()},
        total_financiers=total_financiers,
        margins=firm.margins,
        total_marks=_marks(columns, firm.totals),
        ranges=_range_notes(rows, firm, whole=case is None),
    )
