"""Outcome scores of an evaluation's cases: choosing the instrument, reading and writing the
scores, and counting what changed (the comparison itself is :mod:`lib.outcomes`).

**Which end is expected.** The reference is the course without the intervention, which did
not happen (DESIGN §2), and a third werkwijze beside it is as hypothetical; what happened is
the first werkwijze that is not the reference, and only in a case that is *gerealiseerd*. For
every other werkwijze the end score is the *verwachte eind*, and every screen says so.

**Changing the instrument never loses a score silently**: :func:`scores_lost` counts what a
change would remove (the scores of a domain that goes), and the screen asks to confirm that
number before :func:`set_instrument` removes them. A new scale that would put a kept score
outside it is refused (:func:`scale_conflicts`), since no score can be moved for the user.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q
from django.utils.text import slugify

from cases.models import (
    Case,
    CaseStage,
    Evaluation,
    OutcomeDomain,
    OutcomeMeasure,
    OutcomeScore,
    Scenario,
)
from history.models import Action
from history.recorder import record_change, snapshot
from lib import charts
from lib import outcomes as scales
from lib.outcomes import OutcomeChange
from lib.privacy import find_personal_data, warning

__all__ = ["OutcomeChange", "outcome_changes"]


def measure_of(evaluation: Evaluation) -> OutcomeMeasure | None:
    try:
        return evaluation.outcome_measure
    except OutcomeMeasure.DoesNotExist:
        return None


def happened(case: Case, scenarios: list[Scenario]) -> Scenario | None:
    """The werkwijze whose course happened (see the module docstring), or None."""
    if case.stage != CaseStage.REALISED:
        return None
    return next((s for s in scenarios if not s.is_reference), None)


def end_label(case: Case, scenario: Scenario, scenarios: list[Scenario]) -> str:
    return "eind" if happened(case, scenarios) == scenario else "verwachte eind"


# Choosing the instrument --------------------------------------------------------------------


def planned_instrument(
    instrument: str, own_domains: tuple[str, ...], scale_min: int | None, scale_max: int | None
) -> scales.Instrument | None:
    if not instrument:
        return None
    if standard := scales.STANDARD.get(instrument):
        return standard
    return scales.own_instrument(own_domains, scale_min, scale_max)


def _going(evaluation: Evaluation, planned: scales.Instrument | None):
    """The scores a change to ``planned`` would remove: all without an instrument, those of
    the domains that go otherwise (a domain is kept by its name)."""
    scores = OutcomeScore.objects.filter(domain__measure__evaluation=evaluation)
    if planned is None:
        return scores
    return scores.exclude(domain__name__in=planned.domains)


def scores_lost(evaluation: Evaluation, planned: scales.Instrument | None) -> int:
    """How many filled-in scores (a score or a story) the change would remove."""
    going = _going(evaluation, planned)
    return going.filter(Q(start__isnull=False) | Q(end__isnull=False) | ~Q(story="")).count()


def scale_conflicts(evaluation: Evaluation, planned: scales.Instrument | None) -> int:
    """How many kept scores fall outside the planned scale."""
    if planned is None:
        return 0
    kept = OutcomeScore.objects.filter(
        domain__measure__evaluation=evaluation, domain__name__in=planned.domains
    )
    outside = Q()
    for field in ("start", "end"):
        outside |= Q(**{f"{field}__lt": planned.scale_min}) | Q(
            **{f"{field}__gt": planned.scale_max}
        )
    return kept.filter(outside).count()


@transaction.atomic
def set_instrument(evaluation: Evaluation, planned: scales.Instrument | None, user=None) -> None:
    """Make the evaluation's instrument ``planned`` (None: no instrument), keeping every
    domain and its scores by name and removing the rest (the caller has had it confirmed).
    With ``user``, the history keeps the change and every score removed, before and after."""
    for score in _going(evaluation, planned).select_related("case__evaluation"):
        before, pk = snapshot(score), score.pk
        score.delete()
        if user is not None:
            score.pk = pk
            record_change(user, score, Action.DELETE, before=before)
    measure = measure_of(evaluation)
    before = snapshot(measure) if measure else None
    if planned is None:
        if measure:
            measure.delete()
            if user is not None:
                measure.pk = before["id"]
                record_change(user, measure, Action.DELETE, before=before)
        evaluation._state.fields_cache.pop("outcome_measure", None)
        return
    if measure is None:
        measure = OutcomeMeasure(evaluation=evaluation)
    measure.instrument = planned.code
    measure.scale_min, measure.scale_max = planned.scale_min, planned.scale_max
    measure.save()
    if user is not None:
        record_change(user, measure, Action.UPDATE if before else Action.CREATE, before)
    measure.domains.exclude(name__in=planned.domains).delete()
    existing = {domain.name: domain for domain in measure.domains.all()}
    for position, name in enumerate(planned.domains, start=1):
        domain = existing.get(name) or OutcomeDomain(measure=measure, name=name)
        domain.position = position
        domain.save()


# Reading scores -----------------------------------------------------------------------------


def scores_by_cell(cases) -> dict[tuple[int, int, int], OutcomeScore]:
    """(case pk, scenario pk, domain pk) → score, in one query."""
    return {
        (s.case_id, s.scenario_id, s.domain_id): s
        for s in OutcomeScore.objects.filter(case__in=cases)
    }


@dataclass(frozen=True)
class DomainScores:
    """One domain of one case: per werkwijze (in order) its start and end."""

    domain: str
    pairs: tuple[tuple[int | None, int | None], ...]
    stories: tuple[str, ...]


@dataclass(frozen=True)
class CaseOutcomes:
    instrument: scales.Instrument
    scenarios: tuple[Scenario, ...]
    end_labels: tuple[str, ...]
    domains: tuple[DomainScores, ...]
    changes: tuple[OutcomeChange, ...]  # per werkwijze, over its domains
    prefix: str = "uitkomsten"  # the chart's id, unique on a page with several cases

    @property
    def totals(self) -> list[tuple[Scenario, OutcomeChange, str]]:
        return list(zip(self.scenarios, self.changes, self.end_labels, strict=True))

    @property
    def stories(self) -> list[tuple[str, Scenario, str]]:
        """(domain, werkwijze, story) of every story told, domain by domain."""
        return [
            (row.domain, scenario, story)
            for row in self.domains
            for scenario, story in zip(self.scenarios, row.stories, strict=True)
            if story.strip()
        ]

    def chart(self) -> str:
        return case_chart(self, self.prefix)

    def compact_chart(self) -> str:
        """Narrower, so its type is larger in a third of the projector's width."""
        return case_chart(self, self.prefix, width=400)

    @property
    def has_scores(self) -> bool:
        return any(change.scored for change in self.changes) or any(
            start is not None or end is not None for row in self.domains for start, end in row.pairs
        )


def case_outcomes(case: Case) -> CaseOutcomes | None:
    """The case's scores per domain and werkwijze; None without an instrument."""
    return cases_outcomes(case.evaluation, [case]).get(case.pk)


def cases_outcomes(evaluation: Evaluation, cases) -> dict[int, CaseOutcomes]:
    """Per case pk its scores, for any number of the evaluation's cases in four queries;
    {} without an instrument."""
    measure = measure_of(evaluation)
    if measure is None:
        return {}
    domains = list(measure.domains.all())
    instrument = measure.as_instrument(domains)
    scenarios = list(evaluation.scenarios.all())
    found = scores_by_cell(cases)
    result = {}
    for case in cases:
        rows = []
        for domain in domains:
            cells = [found.get((case.pk, s.pk, domain.pk)) for s in scenarios]
            rows.append(
                DomainScores(
                    domain.name,
                    tuple((c.start, c.end) if c else (None, None) for c in cells),
                    tuple(c.story if c else "" for c in cells),
                )
            )
        result[case.pk] = CaseOutcomes(
            instrument=instrument,
            scenarios=tuple(scenarios),
            end_labels=tuple(end_label(case, s, scenarios) for s in scenarios),
            domains=tuple(rows),
            changes=tuple(
                scales.compare(row.pairs[index] for row in rows) for index in range(len(scenarios))
            ),
            prefix=f"uitkomsten-{slugify(case.code)}",
        )
    return result


@dataclass(frozen=True)
class DomainCounts:
    """Across the cases: per werkwijze how many residents improved, stayed, worsened."""

    domain: str
    changes: tuple[OutcomeChange, ...]


@dataclass(frozen=True)
class EvaluationOutcomes:
    instrument: scales.Instrument
    scenarios: tuple[Scenario, ...]
    domains: tuple[DomainCounts, ...]
    case_count: int

    @property
    def has_scores(self) -> bool:
        return any(c.scored for row in self.domains for c in row.changes)

    def chart(self) -> str:
        return counts_chart(self, "uitkomsten-casussen")


def evaluation_outcomes(evaluation: Evaluation) -> EvaluationOutcomes | None:
    """Per domain and werkwijze, how many of the cases improved (three queries)."""
    measure = measure_of(evaluation)
    if measure is None:
        return None
    domains = list(measure.domains.all())
    scenarios = list(evaluation.scenarios.all())
    pairs: dict[tuple[int, int], list] = defaultdict(list)
    for score in OutcomeScore.objects.filter(domain__measure=measure):
        pairs[score.domain_id, score.scenario_id].append((score.start, score.end))
    return EvaluationOutcomes(
        instrument=measure.as_instrument(domains),
        scenarios=tuple(scenarios),
        domains=tuple(
            DomainCounts(d.name, tuple(scales.compare(pairs[d.pk, s.pk]) for s in scenarios))
            for d in domains
        ),
        case_count=evaluation.cases.count(),
    )


def outcome_changes(cases) -> dict[int, dict[int, OutcomeChange]]:
    """Case pk → werkwijze pk → what changed over that case's domains in that werkwijze, for
    any number of cases (of any evaluations) in one query. A case or werkwijze without scores
    is absent."""
    pairs: dict[int, dict[int, list]] = defaultdict(lambda: defaultdict(list))
    rows = OutcomeScore.objects.filter(case__in=cases).values_list(
        "case_id", "scenario_id", "start", "end"
    )
    for case_id, scenario_id, start, end in rows:
        pairs[case_id][scenario_id].append((start, end))
    return {
        case_id: {scenario_id: scales.compare(found) for scenario_id, found in by_scenario.items()}
        for case_id, by_scenario in pairs.items()
    }


# The session's grid ---------------------------------------------------------------------------

MAX_STORY = 500
FIELDS = ("start", "end", "story")


def cell_name(scenario: Scenario, domain: OutcomeDomain, field: str) -> str:
    """The form name of one cell; its value as the page showed it is posted as ``was-`` it."""
    return f"u-{scenario.pk}-{domain.pk}-{field}"


@dataclass
class Cell:
    """One input of the grid as shown or as typed, with its refusal."""

    name: str
    label: str  # what a screen reader says: domain, werkwijze and which score
    value: str
    was: str
    error: str = ""
    # Refused by the privacy guard, which the chair may overrule.
    personal: bool = False


@dataclass
class GridRow:
    domain: OutcomeDomain
    # Per werkwijze: its start, end and story cells.
    cells: list[tuple[Scenario, dict[str, Cell]]]


def _shown(score: OutcomeScore | None, field: str) -> str:
    if score is None:
        return ""
    value = getattr(score, field)
    return "" if value is None else str(value)


def grid_rows(case: Case, measure: OutcomeMeasure, scenarios, data=None) -> list[GridRow]:
    """The grid as stored, or, with ``data`` (a POST), as typed: nothing typed is lost."""
    found = scores_by_cell([case])
    rows = []
    for domain in measure.domains.all():
        cells = []
        for scenario in scenarios:
            score = found.get((case.pk, scenario.pk, domain.pk))
            what = {"start": "start", "end": end_label(case, scenario, scenarios)}
            by_field = {}
            for field in FIELDS:
                name = cell_name(scenario, domain, field)
                label = f"{domain.name}, {scenario.name}, {what.get(field, 'wat veranderde')}"
                stored = _shown(score, field)
                if data is None:
                    by_field[field] = Cell(name, label, stored, stored)
                else:
                    by_field[field] = Cell(
                        name, label, data.get(name, stored), data.get(f"was-{name}", stored)
                    )
            cells.append((scenario, by_field))
        rows.append(GridRow(domain, cells))
    return rows


def check_grid(rows: list[GridRow], measure: OutcomeMeasure, may_overrule_privacy: bool) -> int:
    """Put a Dutch refusal on every changed cell that cannot be saved; the number refused."""
    refused = 0
    for row in rows:
        for _scenario, cells in row.cells:
            for field, cell in cells.items():
                if cell.value.strip() == cell.was.strip():
                    continue
                if field == "story":
                    cell.error, cell.personal = _story_problem(cell.value, may_overrule_privacy)
                else:
                    _score, cell.error = scales.parse_score(
                        cell.value, measure.scale_min, measure.scale_max
                    )
                refused += bool(cell.error)
    return refused


def _story_problem(text: str, may_overrule_privacy: bool) -> tuple[str, bool]:
    """(the refusal or "", whether the privacy guard refused it)."""
    if len(text) > MAX_STORY:
        return f"Hoogstens {MAX_STORY} tekens; dit zijn er {len(text)}.", False
    if not may_overrule_privacy and (findings := find_personal_data(text)):
        return warning(findings), True
    return "", False


@transaction.atomic
def save_grid(user, case: Case, rows: list[GridRow]) -> int:
    """Write the changed cells of a checked grid (none may be refused), each score row with
    its history record; only what this person changed is written, so two people at the
    grid do not undo each other's cells. Returns how many scores changed."""
    changed = 0
    for row in rows:
        for scenario, cells in row.cells:
            typed = {
                f: c.value.strip() for f, c in cells.items() if c.value.strip() != c.was.strip()
            }
            if not typed:
                continue
            score, created = OutcomeScore.objects.select_for_update().get_or_create(
                case=case, scenario=scenario, domain=row.domain
            )
            before = None if created else snapshot(score)
            for field, value in typed.items():
                if field == "story":
                    score.story = value
                else:
                    setattr(score, field, int(value) if value else None)
            if score.is_empty:
                pk = score.pk
                score.delete()
                score.pk = pk  # the record names the row that went
                record_change(user, score, Action.DELETE, before=before)
            else:
                score.save()
                record_change(user, score, Action.CREATE if created else Action.UPDATE, before)
            changed += 1
    if changed:
        case.bump_revision()
    return changed


# Charts ---------------------------------------------------------------------------------------


def case_chart(found: CaseOutcomes, prefix: str, width: float = 640) -> str:
    """The case's before/after chart: per domain and werkwijze start and (expected) end."""
    return charts.score_dumbbells(
        prefix,
        f"Uitkomsten per domein ({found.instrument.name}): start en eind per werkwijze",
        [s.name for s in found.scenarios],
        [charts.ScoreRow(row.domain, row.pairs) for row in found.domains],
        found.instrument.scale_min,
        found.instrument.scale_max,
        end_names=found.end_labels,
        width=width,
    )


def counts_chart(found: EvaluationOutcomes, prefix: str) -> str:
    """Across the cases: per domain and werkwijze how many improved, stayed, worsened."""
    return charts.change_counts(
        prefix,
        f"Hoeveel inwoners vooruitgingen, per domein ({found.instrument.name})",
        [s.name for s in found.scenarios],
        [
            charts.CountRow(row.domain, [(c.improved, c.same, c.worsened) for c in row.changes])
            for row in found.domains
        ],
    )


@dataclass(frozen=True)
class ReportOutcomes:
    """What a report shows of the scores: per case, and (a whole evaluation's report) the
    counts across its cases. ``of(case)`` is the template filter ``outcomes_of``'s lookup."""

    per_case: dict[int, CaseOutcomes]
    across: EvaluationOutcomes | None

    def of(self, case: Case) -> CaseOutcomes | None:
        found = self.per_case.get(case.pk)
        return found if found and found.has_scores else None


def report_outcomes(evaluation: Evaluation, cases, whole: bool) -> ReportOutcomes | None:
    """None when the evaluation scores no outcomes, so that its report is as before."""
    per_case = cases_outcomes(evaluation, cases)
    if not per_case and measure_of(evaluation) is None:
        return None
    across = evaluation_outcomes(evaluation) if whole else None
    return ReportOutcomes(per_case, across if across and across.has_scores else None)
