"""The organisation's overview: every case of every evaluation a user may read, one row per
case and werkwijze compared with the reference, with the columns a reader filters, sorts and
downloads.

Every amount comes from :func:`cases.figures.load`, one load per evaluation (a constant number
of queries each, however many cases it has); nothing here adds money up. A row's verschil,
range, intervention subtotal and break-even month are the ones the evaluation and case pages
show.

The columns are one list, :data:`COLUMNS`; a column is one :class:`Column` entry. A column
whose values come from elsewhere (the outcome change, from :mod:`cases.outcomes`) names a
``load``: given the cases shown, it returns per case pk and werkwijze pk the row's value, in a
bounded number of queries; :func:`build` calls it once for all rows.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.text import capfirst

from cases import figures, outcomes
from cases.models import Case, CaseStage, Evaluation, Scenario
from lib import dutch, firmness, timecourse
from lib.outcomes import OutcomeChange


@dataclass(frozen=True)
class Row:
    """One case against the reference for one werkwijze."""

    evaluation: Evaluation
    case: Case
    scenario: Scenario  # the werkwijze compared; never the reference
    reference: Scenario
    difference: Decimal  # reference minus werkwijze, as the evaluation's table shows it
    range: firmness.Range | None  # low–high where the verschil is not exact
    intervention: Decimal  # the werkwijze's intervention subtotal
    break_even: timecourse.BreakEven
    loaded: dict[str, object] = field(default_factory=dict)  # per column key with a load

    @property
    def stage_label(self) -> str:
        return capfirst(CaseStage(self.case.stage).label)


@dataclass(frozen=True)
class Column:
    """One column of the overview, its sorting and its exported fields.

    ``value``: what the column sorts by (None sorts last both ways); ``text``: the cell as
    the page shows it; ``fields``: the headers of what the downloads write, and ``export``
    its values, amounts as Decimals (written as numbers), a missing value as None (an empty
    cell)."""

    key: str  # the URL's sort parameter
    heading: str
    value: Callable[[Row], object]
    text: Callable[[Row], str]
    fields: tuple[str, ...]
    export: Callable[[Row], tuple]
    numeric: bool = False
    note: Callable[[Row], str] | None = None  # small text under the cell's value
    link: Callable[[Row], str] | None = None  # where the cell's value leads
    # Per case pk and werkwijze pk the column's value in row.loaded[key], for all cases at once.
    load: Callable[[list[Case]], dict[int, dict[int, object]]] | None = None


def range_text(row: Row) -> str:
    """The verschil's range as the page shows it under the amount; "" where it is exact."""
    if row.range is None:
        return ""
    return f"{dutch.euro(row.range.low)} – {dutch.euro(row.range.high)}"


def _break_even_text(row: Row) -> str:
    found = row.break_even
    if found.index is None:
        return "niet binnen de periode"
    return f"maand {found.index} ({dutch.month_label(found.month)})"


def _outcome(row: Row) -> OutcomeChange | None:
    """The case's outcome scores in this werkwijze (cases.outcomes), None where none is
    scored. Scores stay scores: the column counts domains and never meets an amount."""
    return row.loaded.get("uitkomst")


def _outcome_text(change: OutcomeChange | None) -> str:
    if change is None or not change.scored:
        return "–"
    mean = dutch.number(change.mean_change, 1)
    sign = "+" if change.mean_change > 0 else ""
    return f"{change.improved} van {change.scored} domeinen beter (gem. {sign}{mean})"


def _outcome_cells(change: OutcomeChange | None) -> tuple:
    if change is None or not change.scored:
        return (None, None, None, None, None)
    return (change.scored, change.improved, change.same, change.worsened, change.mean_change)


COLUMNS: list[Column] = [
    Column(
        "evaluatie",
        "Evaluatie",
        lambda row: row.evaluation.title.casefold(),
        lambda row: row.evaluation.title,
        ("Evaluatie",),
        lambda row: (row.evaluation.title,),
        link=lambda row: row.evaluation.get_absolute_url(),
    ),
    Column(
        "casus",
        "Casus",
        lambda row: (row.evaluation.title.casefold(), row.case.position, row.case.pk),
        lambda row: f"{row.case.code} {row.case.title}",
        ("Casus", "Titel"),
        lambda row: (row.case.code, row.case.title),
        link=lambda row: row.case.get_absolute_url(),
    ),
    Column(
        "fase",
        "Fase",
        lambda row: row.stage_label,
        lambda row: row.stage_label,
        ("Fase",),
        lambda row: (row.stage_label,),
    ),
    Column(
        "werkwijze",
        "Werkwijze",
        lambda row: row.scenario.name.casefold(),
        lambda row: f"{row.scenario.name} tegen {row.reference.name}",
        ("Werkwijze", "Referentie"),
        lambda row: (row.scenario.name, row.reference.name),
    ),
    Column(
        "verschil",
        "Verschil",
        lambda row: row.difference,
        lambda row: dutch.euro(row.difference),
        ("Verschil", "Verschil laag", "Verschil hoog"),
        lambda row: (
            row.difference,
            row.range.low if row.range else None,
            row.range.high if row.range else None,
        ),
        numeric=True,
        note=lambda row: range_text(row),
    ),
    Column(
        "interventie",
        "Interventie",
        lambda row: row.intervention,
        lambda row: dutch.euro(row.intervention),
        ("Interventie",),
        lambda row: (row.intervention,),
        numeric=True,
    ),
    Column(
        "terugverdiend",
        "Terugverdiend",
        lambda row: row.break_even.index,
        _break_even_text,
        ("Terugverdiend in maand", "Terugverdiend vanaf"),
        lambda row: (
            row.break_even.index,
            row.break_even.month.strftime("%Y-%m") if row.break_even.month else None,
        ),
        numeric=True,
    ),
    Column(
        "uitkomst",
        "Uitkomst",
        lambda row: _outcome(row) and _outcome(row).mean_change,
        lambda row: _outcome_text(_outcome(row)),
        ("Domeinen gescoord", "Beter", "Gelijk", "Slechter", "Gemiddelde verandering"),
        lambda row: _outcome_cells(_outcome(row)),
        numeric=True,
        load=outcomes.outcome_changes,
    ),
]

SORTS = {column.key: column for column in COLUMNS}


def _rows_of(loaded: figures.Figures) -> list[Row]:
    rows = []
    reference = loaded.reference
    for case in loaded.cases:
        case_figures = loaded.of(case)
        firm = loaded.firmness_of(case)
        break_evens = dict(loaded.break_evens(case))
        for scenario in loaded.compared:
            found = firm.of(scenario.code).difference
            rows.append(
                Row(
                    evaluation=loaded.evaluation,
                    case=case,
                    scenario=scenario,
                    reference=reference,
                    difference=case_figures.difference(scenario.code),
                    range=None if found is None or found.is_exact else found,
                    intervention=case_figures.intervention_subtotal(scenario.code),
                    break_even=break_evens[scenario],
                )
            )
    return rows


@dataclass(frozen=True)
class Query:
    """What the reader asked for: an evaluation (its slug, "" for all), a fase ("" for
    both), a text, and a sort key with "-" in front for descending."""

    evaluation: str = ""
    stage: str = ""
    text: str = ""
    sort: str = ""

    def matches(self, row: Row) -> bool:
        if self.stage and row.case.stage != self.stage:
            return False
        if self.text:
            words = " ".join(
                (row.evaluation.title, row.case.code, row.case.title, row.scenario.name)
            ).casefold()
            return all(word in words for word in self.text.casefold().split())
        return True


def build(evaluations, query: Query, columns: list[Column] | None = None) -> list[Row]:
    """The rows of ``evaluations`` (a queryset the user may read) that ``query`` asks for, in
    its order: by default the evaluations' own order, then case, then werkwijze."""
    columns = COLUMNS if columns is None else columns
    if query.evaluation:
        evaluations = evaluations.filter(slug=query.evaluation)
    rows = []
    # The werkwijzen prefetched for all evaluations at once; figures.load reads them from here.
    for evaluation in evaluations.select_related("organisation").prefetch_related("scenarios"):
        if not any(s.is_reference for s in evaluation.scenarios.all()):
            continue  # started without werkwijzen yet: nothing to compare
        rows += [row for row in _rows_of(figures.load(evaluation)) if query.matches(row)]
    cases = list({row.case.pk: row.case for row in rows}.values())
    for column in columns:
        if column.load is not None:
            found = column.load(cases)
            for row in rows:
                row.loaded[column.key] = found.get(row.case.pk, {}).get(row.scenario.pk)
    key = query.sort.removeprefix("-")
    if key in {column.key for column in columns}:
        column = next(c for c in columns if c.key == key)
        present = [row for row in rows if column.value(row) is not None]
        missing = [row for row in rows if column.value(row) is None]
        present.sort(key=column.value, reverse=query.sort.startswith("-"))
        rows = present + missing
    return rows


def headers(columns: list[Column] | None = None) -> list[str]:
    """The downloads' headers, in order."""
    return [
        header for column in (COLUMNS if columns is None else columns) for header in column.fields
    ]


def records(rows: list[Row], columns: list[Column] | None = None) -> list[list[object]]:
    """The rows as the downloads write them, one list of values per row, in header order."""
    columns = COLUMNS if columns is None else columns
    return [[value for column in columns for value in column.export(row)] for row in rows]


def cells(row: Row, columns: list[Column] | None = None) -> list[dict]:
    """The row as the page shows it: per column its text, note, link and alignment."""
    return [
        {
            "text": column.text(row),
            "note": column.note(row) if column.note else "",
            "link": column.link(row) if column.link else "",
            "numeric": column.numeric,
        }
        for column in (COLUMNS if columns is None else columns)
    ]
