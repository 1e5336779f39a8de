"""Prognose, then realisation (issue 14 item 2).

A case may start as a *prognose* (``Case.stage``): its werkwijzen filled in quickly before a
decision (the Leeuwarden screen, :mod:`cases.views.prognosis`), the decision recorded on the
case. While it is a prognose, its items are simply its items and its figures are the
forecast's.

:func:`realise` makes it *gerealiseerd*: every item it has then is flagged
``TimelineItem.is_forecast`` and so frozen (:mod:`cases.timeline` refuses to change or delete
it) and left out of the case's figures, which from then on are those of the items entered
afterwards, the actual course (:func:`cases.figures.timeline_items` is the one place that
chooses). The forecast's figures come from the same engine through
``cases.figures.load(…, forecast=True)``.

:func:`comparisons` sets the forecast beside the realisation, per werkwijze and item by item.
The matching rule (:func:`match`): a forecast item and a realised item of the same werkwijze
are a pair when they are of the same kind, name the same price items (for items without a
price item — events, fixed amounts — the same description, ignoring case and spaces) and
their periods overlap; each forecast item, in date order, takes the unpaired realised item
with the largest overlap (the earliest on a tie). What is left on either side is listed as
not foreseen or did not happen. Money is never added up here: every amount is an item cost
or a total from :mod:`cases.figures`.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction

from cases.models import Case, CaseStage, Scenario, TimelineItem
from history.models import Action
from history.recorder import record_change, snapshot
from lib import dutch


class NotAPrognosis(ValueError):
    """Only a prognose can be realised."""


def realise(user, case: Case) -> int:
    """Make the prognose ``case`` gerealiseerd: its items become the kept forecast, frozen;
    returns how many. The case's figures are then those of what is entered afterwards."""
    with transaction.atomic():
        locked = Case.objects.select_for_update().get(pk=case.pk)
        if locked.stage != CaseStage.FORECAST:
            raise NotAPrognosis("Deze casus is al gerealiseerd.")
        before = snapshot(locked)
        frozen = TimelineItem.objects.filter(case=locked, is_forecast=False).update(
            is_forecast=True
        )
        locked.stage = CaseStage.REALISED
        locked.save(update_fields=["stage"])
        record_change(user, locked, Action.UPDATE, before=before)
        locked.bump_revision()
    case.stage = CaseStage.REALISED
    return frozen


# --- the Leeuwarden questions ---------------------------------------------------------------

# The resultaatvolgend budget asks, before spending: what happens if we do nothing and what
# does that cost; what with the current options; what with the budget. The reference
# werkwijze is "niets doen" (the question the others are measured against).
QUESTIONS = (
    "Wat gebeurt er als we niets doen, en wat kost dat?",
    "Wat gebeurt er met de huidige mogelijkheden?",
    "Wat gebeurt er met het budget?",
)


def questions(scenarios) -> list[str]:
    """Per werkwijze (in the evaluation's order) its Leeuwarden question: the reference asks
    the first, the others the next ones in their order; with only one other werkwijze, that
    one is what the budget would do (the decision is about the budget)."""
    compared = sum(1 for s in scenarios if not s.is_reference)
    others = iter(QUESTIONS[1:] if compared > 1 else QUESTIONS[2:])
    return [QUESTIONS[0] if s.is_reference else next(others, "") for s in scenarios]


# --- matching -----------------------------------------------------------------------------


def item_key(item: TimelineItem) -> tuple:
    """What makes two items "the same thing": kind and price items, or kind and description
    when no line names a price item."""
    codes = sorted({line.price_item.code for line in item.lines.all() if line.price_item_id})
    if codes:
        return (item.kind, tuple(codes))
    return (item.kind, " ".join(item.description.casefold().split()))


def overlap_days(a: TimelineItem, b: TimelineItem) -> int:
    """Days two items' inclusive periods share (0: none)."""
    first, last = max(a.start, b.start), min(a.end, b.end)
    return (last - first).days + 1 if last >= first else 0


def match(
    forecast: list[TimelineItem], realised: list[TimelineItem]
) -> tuple[list[tuple[TimelineItem, TimelineItem]], list[TimelineItem], list[TimelineItem]]:
    """Pairs (forecast, realised), the forecast items without a pair, the realised items
    without a pair; all of one werkwijze. The rule is the module's docstring's."""
    free = list(realised)
    pairs, alone = [], []
    for planned in sorted(forecast, key=lambda i: (i.start, i.position, i.pk)):
        key = item_key(planned)
        candidates = [
            (overlap_days(planned, done), done)
            for done in free
            if item_key(done) == key and overlap_days(planned, done)
        ]
        if not candidates:
            alone.append(planned)
            continue
        best = max(candidates, key=lambda c: (c[0], -c[1].start.toordinal(), -c[1].pk))[1]
        free.remove(best)
        pairs.append((planned, best))
    return pairs, alone, free


# --- the comparison ----------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    """One line of the comparison: a pair, or an item on one side only (the other None)."""

    forecast: TimelineItem | None
    realised: TimelineItem | None
    forecast_cost: Decimal
    realised_cost: Decimal

    @property
    def difference(self) -> Decimal:
        """Realised minus forecast: positive is what the forecast left out."""
        return self.realised_cost - self.forecast_cost

    @property
    def label(self) -> str:
        item = self.forecast or self.realised
        return item.description

    @property
    def period(self) -> str:
        item = self.forecast or self.realised
        return dutch.date_range(item.start, item.end)

    @property
    def sentence(self) -> str:
        """What the forecast got wrong here, in Dutch."""
        euro = dutch.euro
        if self.realised is None:
            return f"{self.label}: voorzien voor {euro(self.forecast_cost)}, maar niet gebeurd."
        if self.forecast is None:
            return f"{self.label}: niet voorzien, werkelijk {euro(self.realised_cost)}."
        more = "meer" if self.difference > 0 else "minder"
        return (
            f"{self.label}: voorzien {euro(self.forecast_cost)}, werkelijk "
            f"{euro(self.realised_cost)} ({euro(abs(self.difference))} {more})."
        )


@dataclass(frozen=True)
class ScenarioComparison:
    scenario: Scenario
    forecast_total: Decimal
    realised_total: Decimal
    pairs: list[Row]
    only_forecast: list[Row]
    only_realised: list[Row]

    @property
    def difference(self) -> Decimal:
        return self.realised_total - self.forecast_total

    @property
    def misses(self) -> list[Row]:
        """Every row where forecast and realisation differ, the largest difference first."""
        rows = (*self.pairs, *self.only_forecast, *self.only_realised)
        return sorted(
            (r for r in rows if r.difference), key=lambda r: (-abs(r.difference), r.label)
        )


@dataclass(frozen=True)
class Comparison:
    case: Case
    scenarios: list[ScenarioComparison]


def comparisons(realised, forecast) -> dict[int, Comparison]:
    """Per case id of the cases that have a kept forecast, forecast against realisation.

    ``realised`` and ``forecast`` are :class:`cases.figures.Figures` of the same cases, the
    second loaded with ``forecast=True``."""
    out = {}
    for case in realised.cases:
        kept = forecast.items.get(case.pk, [])
        if not kept:
            continue
        done = realised.items[case.pk]
        scenarios = []
        for scenario in realised.scenarios:
            pairs, alone, new = match(
                [i for i in kept if i.scenario_id == scenario.pk],
                [i for i in done if i.scenario_id == scenario.pk],
            )
            scenarios.append(
                ScenarioComparison(
                    scenario=scenario,
                    forecast_total=forecast.of(case).total(scenario.code),
                    realised_total=realised.of(case).total(scenario.code),
                    pairs=[
                        Row(f, r, forecast.item_cost(f), realised.item_cost(r)) for f, r in pairs
                    ],
                    only_forecast=[Row(f, None, forecast.item_cost(f), Decimal(0)) for f in alone],
                    only_realised=[Row(None, r, Decimal(0), realised.item_cost(r)) for r in new],
                )
            )
        out[case.pk] = Comparison(case, scenarios)
    return out


def comparison(realised, case: Case) -> Comparison | None:
    """:func:`comparisons` of one case, given its realised figures (``cases.figures.load``);
    None when it has no kept forecast."""
    from cases import figures

    if case.stage != CaseStage.REALISED:
        return None
    forecast = figures.load(realised.evaluation, case, forecast=True)
    if not forecast.items.get(case.pk):
        return None
    return comparisons(realised, forecast).get(case.pk)


def all_comparisons(realised) -> dict[int, Comparison]:
    """:func:`comparisons` of every case of a whole evaluation's figures, in one more load."""
    from cases import figures

    if not any(c.stage == CaseStage.REALISED for c in realised.cases):
        return {}
    if not TimelineItem.objects.filter(
        case__in=[c.pk for c in realised.cases], is_forecast=True
    ).exists():
        return {}
    forecast = figures.load(realised.evaluation, forecast=True)
    return comparisons(realised, forecast)
