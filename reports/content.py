"""What a report holds, gathered once for the HTML page, the PDF and the spreadsheet alike.

:func:`build_report` loads the evaluation's figures once (:func:`cases.figures.load`: the
timeline items with their cost lines, costed and firmed by the engines) and arranges them the
way the report shows them: the cross-case table (the same :class:`cases.figures.CrossTable`
as the evaluation page), per case its summary, its timeline per werkwijze month by month,
hours per discipline and costs per financier, and the charts. Nothing here adds money up, and
templates only lay it out.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from itertools import zip_longest

from django.utils import timezone
from django.utils.safestring import SafeString

from accounts.models import CHAIRS, Role
from cases import figures as case_figures
from cases import prognosis
from cases.access import people
from cases.charts import (
    case_gantt,
    difference_chart,
    event_marks,
    financier_balance_chart,
    tornado_chart,
    trusted,
    werkwijzen_charts,
)
from cases.figures import (
    Bottomline,
    Cell,
    Column,
    CrossTable,
    Figures,
    FinancierRow,
    Outlook,
    Projected,
    TableRow,
)
from cases.models import Case, Evaluation, Scenario, TimelineItem
from cases.outcomes import ReportOutcomes, report_outcomes
from lib import charts, questions
from lib.costing import ZERO, CaseFigures
from lib.dutch import euro, month_label
from lib.firmness import CaseFirmness, EvaluationFirmness, Margins, Range, ScenarioFirmness
from lib.markdown import render_markdown
from lib.timecourse import Course, cumulative_differences
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


@dataclass(frozen=True)
class SupportEntry:
    item: TimelineItem
    amount: Decimal


@dataclass(frozen=True)
class EventEntry:
    item: TimelineItem
    mark: str  # its number, as the case's Gantt prints it beside its marker


@dataclass(frozen=True)
class MonthRow:
    month: date
    events: list[TimelineItem]
    supports: list[SupportEntry]
    until: date | None = None  # set on a run of empty months shown as one row
    marks: dict[int, str] = field(default_factory=dict)  # event pk -> its number

    @property
    def label(self) -> str:
        if self.until:
            return f"{month_label(self.month)} – {month_label(self.until)}"
        return month_label(self.month)

    @property
    def is_empty(self) -> bool:
        return not (self.events or self.supports)

    @property
    def pairs(self) -> list[tuple[EventEntry | None, SupportEntry | None]]:
        """Events and support side by side, row by row; an empty month keeps one row so that
        the time axis runs on without gaps."""
        events = [EventEntry(event, self.marks.get(event.pk, "")) for event in self.events]
        return list(zip_longest(events, self.supports)) or [(None, None)]


@dataclass(frozen=True)
class ScenarioTimeline:
    scenario: Scenario
    months: list[MonthRow]
    total: Decimal
    intervention_subtotal: Decimal
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
    intervention_subtotal: Decimal
    difference: Decimal
    firmness: ScenarioFirmness | None = None  # its ranges, where not exact


@dataclass(frozen=True)
class HoursRow:
    name: str
    hours: list[Decimal]


@dataclass(frozen=True)
class CaseReport:
    case: Case
    figures: CaseFigures
    row: TableRow  # the case's row of the cross-case table
    narrative: dict[str, SafeString]
    effects: list[tuple[str, SafeString]]
    timelines: list[ScenarioTimeline]
    hours: list[HoursRow]
    financiers: list[FinancierRow]
    financier_totals: FinancierRow
    scenario_chart: SafeString
    financier_chart: SafeString
    # The course over time (lib.timecourse): per werkwijze code its cost per month, and per
    # werkwijze but the reference the sentence of its break-even.
    courses: dict[str, Course] = field(default_factory=dict)
    # The one time axis of the case (cases.charts.case_gantt): the werkwijzen in lanes and
    # their cumulative costs under them.
    gantt: SafeString = SafeString("")
    years: list[tuple[int, list[Decimal]]] = field(default_factory=list)
    outlooks: list[tuple[Outlook, SafeString]] = field(default_factory=list)
    projections: list[Projected] = field(default_factory=list)
    firmness: CaseFirmness | None = None

    @property
    def months(self) -> list[tuple[date, list[Decimal], list[Decimal]]]:
        """Per month (amount per werkwijze, cumulative verschil per werkwijze but the
        reference): the rows of the spreadsheet's month sheet."""
        scenarios = [t.scenario for t in self.timelines]
        reference = next(s.code for s in scenarios if s.is_reference)
        courses = [self.courses[s.code] for s in scenarios]
        differences = [
            cumulative_differences(self.courses[reference], self.courses[s.code])
            for s in scenarios
            if not s.is_reference
        ]
        return [
            (
                month,
                [course.amounts[index] for course in courses],
                [verschil[index] for verschil in differences],
            )
            for index, month in enumerate(courses[0].months)
        ]

    @property
    def values(self) -> list[Decimal]:
        return [cell.amount for cell in self.row.cells]

    @property
    def note_mark(self) -> int | None:
        """The number of the case's footnote under the cross-case table (its toelichting op
        de cijfers), None without one."""
        return self.row.note_mark

    @property
    def cells(self) -> list[Cell]:
        """The cross-case row's cells: amount and, where it is not exact, range."""
        return self.row.cells

    @property
    def financier_total_cells(self) -> list[tuple[Decimal, Range | None]]:
        """The financier table's totals row: per werkwijze its total, then per werkwijze but
        the reference its verschil, each with its range where it is not exact."""
        firm = [self.firmness.of(t.scenario.code) for t in self.timelines]
        ranges = [f.total for f in firm] + [f.difference for f in firm if not f.is_reference]
        amounts = [*self.financier_totals.amounts, *self.financier_totals.differences]
        return [
            (amount, None if found is None or found.is_exact else found)
            for amount, found in zip(amounts, ranges, strict=True)
        ]

    @property
    def has_undivided(self) -> bool:
        return any(row.is_undivided for row in self.financiers)

    @property
    def summaries(self) -> list[ScenarioSummary]:
        return [
            ScenarioSummary(
                t.scenario,
                self.figures.total(t.scenario.code),
                self.figures.intervention_subtotal(t.scenario.code),
                self.figures.difference(t.scenario.code),
                self.firmness.of(t.scenario.code) if self.firmness else None,
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
class FinalMark:
    """What a final report says of itself: its version, who declared it and when
    (reports/finals.py). A report without one is a concept."""

    version: int
    declared_by: str
    declared_on: date


@dataclass(frozen=True)
class Report:
    evaluation: Evaluation
    scenarios: list[Scenario]
    reference: Scenario
    others: list[Scenario]  # every werkwijze but the reference
    table: CrossTable
    rows: list[CaseReport]
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
    ranges: list[RangeNote] = field(default_factory=list)
    # Over all cases (a whole evaluation's report only): per werkwijze its outlook.
    outlooks: list[tuple[Outlook, SafeString]] = field(default_factory=list)
    # The bestuurlijke samenvatting (a whole evaluation's report only).
    summary: Summary | None = None
    # Set on the report that is being declared final; None: a concept.
    final: FinalMark | None = None
    # Per case id, forecast against realisation of the cases that were a prognose
    # (cases.prognosis); from its own load of the kept forecast.
    forecasts: dict = field(default_factory=dict)
    # The outcome scores (cases.outcomes), never added to any amount; None: not scored.
    outcomes: ReportOutcomes | None = None
    # The one load of the figures everything above came from: a final report stores them.
    loaded: Figures | None = field(default=None, repr=False, compare=False)

    @property
    def is_concept(self) -> bool:
        return self.final is None

    @property
    def unwritten(self) -> list[str]:
        """The chapters and case texts still empty, for the concept's one list "nog te
        schrijven": neither a concept nor a final report prints an empty chapter."""
        return _unwritten(self.evaluation, [row.case for row in self.rows], self.case is None)

    @property
    def sessions_recorded(self) -> bool:
        """Whether any shown case has a session record (from the entry screen or the
        workbook's optional sheet ``sessieverslag``)."""
        return any(_has_session(row.case) for row in self.rows)

    @property
    def authors(self) -> list[tuple[str, list[str]]]:
        """The evaluation's people grouped by role, the effectencalculateurs first."""
        by_role: dict[str, list[str]] = defaultdict(list)
        for name, role in self.members:
            by_role[role].append(name)
        return sorted(by_role.items(), key=lambda pair: (pair[0] != _CHAIR_LABEL, pair[0]))

    @property
    def references(self) -> list[str]:
        """The sources the figures rest on: the price list, each price's own source, and the
        method; in the order a reader would look them up."""
        price_list = self.evaluation.price_list
        year = f", prijsjaar {price_list.price_year}" if price_list.price_year else ""
        found = [f"Prijslijst ‘{price_list.name}’{year} ({self.evaluation.organisation.name})."]
        sources = sorted({p.source.strip() for p in self.price_items if p.source.strip()})
        found += sources
        found.append(
            "De methode van de Effectencalculator: per casus een reconstructie van het verloop "
            "in een sessie, beprijsd met de maatschappelijke prijslijst en vergeleken met de "
            "referentie; de rekenregels staan hieronder onder ‘Hoe de bedragen zijn berekend’."
        )
        return found

    @property
    def columns(self) -> list[Column]:
        return self.table.columns

    @property
    def totals(self) -> list[Decimal]:
        return [cell.amount for cell in self.table.total.cells]

    @property
    def total_cells(self) -> list[Cell]:
        return self.table.total.cells

    @property
    def footnotes(self) -> list[CaseReport]:
        """The cases whose toelichting op de cijfers the cross-case table footnotes."""
        return [row for row in self.rows if row.note_mark]

    @property
    def title(self) -> str:
        if self.case:
            return f"{self.evaluation.title} – casus {self.case.code}: {self.case.title}"
        return self.evaluation.title

    @property
    def filename(self) -> str:
        stem = f"rapport-{self.evaluation.slug}"
        return f"{stem}-casus-{self.case.code}" if self.case else stem


_CHAIR_LABEL = str(Role.EFFECTENCALCULATEUR.label)


def _has_session(case: Case) -> bool:
    return bool(
        case.session_date
        or case.session_minutes
        or case.participant_count
        or case.participants.strip()
        or case.disciplines_present.strip()
    )


# A case's texts that are written only where needed: the toelichting op de cijfers explains
# figures that differ from what was published or expected, and most cases need none.
OPTIONAL_CASE_TEXTS = ("figures_note",)


def _unwritten(evaluation: Evaluation, cases: list[Case], whole: bool) -> list[str]:
    empty = [label for key, label in CHAPTERS if whole and not getattr(evaluation, key).strip()]
    for case in cases:
        fields = [
            name
            for name in Case.NARRATIVE_FIELDS
            if name not in OPTIONAL_CASE_TEXTS and not getattr(case, name).strip()
        ]
        if fields:
            labels = ", ".join(str(Case._meta.get_field(name).verbose_name) for name in fields)
            empty.append(f"Casus {case.code} ({case.title}): {labels}")
    unrecorded = [case.code for case in cases if not _has_session(case)]
    if unrecorded:
        empty.append(f"Sessieverslag (bijlage) van casus {', '.join(unrecorded)}")
    return empty


def unwritten_chapters(evaluation: Evaluation) -> list[str]:
    """What the evaluation's report would list as still to be written, without building it."""
    return _unwritten(evaluation, list(evaluation.cases.all()), True)


@dataclass(frozen=True)
class SummaryPart:
    """One werkwijze against the reference in the samenvatting, with its two charts."""

    bottomline: Bottomline
    difference_chart: SafeString
    financier_chart: SafeString


@dataclass(frozen=True)
class Summary:
    """The bestuurlijke samenvatting: each research question with its short answer, and per
    werkwijze but the reference its verschil, how firm it is and who pays and who saves."""

    answers: list[questions.Answered]
    parts: list[SummaryPart]

    @property
    def has_undivided(self) -> bool:
        return any(part.bottomline.undivided for part in self.parts)


def _summary(evaluation: Evaluation, loaded: Figures) -> Summary:
    return Summary(
        answers=questions.pair(evaluation.research_questions, evaluation.research_answers),
        parts=[
            SummaryPart(
                bottomline,
                difference_chart(bottomline, f"summary-difference-{n}"),
                financier_balance_chart(bottomline, loaded.scenarios, f"summary-financiers-{n}"),
            )
            for n, bottomline in enumerate(loaded.bottomlines())
        ],
    )


@dataclass(frozen=True)
class RangeNote:
    """A werkwijze's total that is a range: where it rests on onderbouwd or aanname prices."""

    label: str
    scenario: ScenarioFirmness


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


def _people(evaluation: Evaluation) -> tuple[list[str], list[tuple[str, str]]]:
    """The effectencalculateurs and every member with their role in this evaluation."""
    everyone = people(evaluation)
    members = sorted(
        ((person.name, person.role.label) for person in everyone),
        key=lambda pair: (pair[1], pair[0]),
    )
    chairs = sorted(person.name for person in everyone if person.role in CHAIRS)
    return chairs, members


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
    loaded: Figures,
    case: Case,
    scenario: Scenario,
    items: list[TimelineItem],
    first: date,
    last: date,
    marks: dict[int, str],
) -> ScenarioTimeline:
    items = sorted(items, key=lambda item: (item.start, item.position, item.pk))
    by_month: dict[date, MonthRow] = {
        month: MonthRow(month, [], [], marks=marks) for month in charts.month_range(first, last)
    }
    for item in items:
        row = by_month[item.start.replace(day=1)]
        if item.is_event:
            row.events.append(item)
        else:
            row.supports.append(SupportEntry(item, loaded.item_cost(item)))
    figures = loaded.of(case)
    return ScenarioTimeline(
        scenario,
        _collapse_empty(list(by_month.values())),
        figures.total(scenario.code),
        figures.intervention_subtotal(scenario.code),
        len(items),
    )


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
    loaded: Figures,
    case: Case,
    row: TableRow,
    price_names: dict[str, str],
) -> CaseReport:
    scenarios, figures, items = loaded.scenarios, loaded.of(case), loaded.items[case.pk]
    first = min([case.start_date, *(item.start for item in items)])
    last = max([case.end_date, *(item.end for item in items)])
    by_scenario: dict[int, list[TimelineItem]] = defaultdict(list)
    for item in items:
        by_scenario[item.scenario_id].append(item)
    marks = event_marks(items)
    timelines = [
        _timeline(loaded, case, scenario, by_scenario[scenario.pk], first, last, marks)
        for scenario in scenarios
    ]
    financiers, financier_totals = loaded.financier_table(case)
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
        row=row,
        narrative={name: render_markdown(getattr(case, name)) for name in Case.NARRATIVE_FIELDS},
        effects=[(label, render_markdown(getattr(case, name))) for name, label in EFFECT_FIELDS],
        timelines=timelines,
        hours=_hours_rows(figures, scenarios, price_names),
        financiers=financiers,
        financier_totals=financier_totals,
        courses=loaded.courses(case),
        gantt=case_gantt(loaded, case, f"gantt-report-{case.pk}"),
        years=loaded.years(case),
        outlooks=[
            (outlook, tornado_chart(outlook, f"tornado-report-{case.pk}-{n}", f"casus {case.code}"))
            for n, outlook in enumerate(loaded.outlooks(case))
        ],
        projections=loaded.projections(case),
        firmness=loaded.firmness_of(case),
        scenario_chart=trusted(scenario_chart),
        financier_chart=trusted(financier_chart) if financiers else SafeString(""),
    )


def build_report(evaluation: Evaluation, case: Case | None = None) -> Report:
    """Everything one report shows: the whole evaluation, or ``case`` alone (its own row of
    the cross-case table, the evaluation's totals beside it)."""
    loaded = case_figures.load(evaluation)
    scenarios = loaded.scenarios
    reference = loaded.reference
    shown_cases = [c for c in loaded.cases if case is None or c.pk == case.pk]
    used_prices: dict[int, PriceItem] = {}
    fixed_line_count = 0
    for shown in shown_cases:
        for item in loaded.items[shown.pk]:
            for line in item.lines.all():
                if line.price_item_id:
                    used_prices[line.price_item_id] = line.price_item
                if line.fixed_amount is not None:
                    fixed_line_count += 1
    price_items = sorted(used_prices.values(), key=lambda p: (p.position, p.code))
    price_names = {p.code: p.name for p in price_items}
    table = loaded.table
    rows = [
        _case_report(loaded, row.case, row, price_names)
        for row in table.rows
        if case is None or row.case.pk == case.pk
    ]
    shown = CrossTable(table.columns, [report.row for report in rows], table.total)
    chapters = [(key, label, render_markdown(getattr(evaluation, key))) for key, label in CHAPTERS]
    chairs, members = _people(evaluation)
    total_financiers, _ = loaded.financier_table()
    report_charts = {
        **werkwijzen_charts(loaded, [row.case for row in rows]),
        "financiers": trusted(
            charts.grouped_bars(
                "bars-financiers",
                "Kosten per financier en werkwijze, alle casussen samen",
                [s.name for s in scenarios],
                [charts.BarGroup(row.name, row.amounts) for row in total_financiers],
                fmt=euro,
            )
        ),
    }
    return Report(
        evaluation=evaluation,
        scenarios=scenarios,
        reference=reference,
        others=loaded.compared,
        table=shown,
        rows=rows,
        total_figures=loaded.totals,
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
        charts=report_charts,
        total_financiers=total_financiers,
        forecasts=prognosis.all_comparisons(loaded),
        margins=loaded.firmness.margins,
        ranges=_range_notes(rows, loaded.firmness, whole=case is None),
        summary=_summary(evaluation, loaded) if case is None and loaded.cases else None,
        outcomes=report_outcomes(evaluation, [row.case for row in rows], whole=case is None),
        loaded=loaded,
        outlooks=[]
        if case is not None or not loaded.cases
        else [
            (outlook, tornado_chart(outlook, f"tornado-report-all-{n}", "alle casussen"))
            for n, outlook in enumerate(loaded.outlooks())
        ],
    )
