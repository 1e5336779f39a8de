"""Re-pricing: moving an evaluation to another version of its organisation's price list.

:func:`preview` changes nothing and says what would change: per case and werkwijze the old
and the new total, and every cost line whose price changes or whose price item the new
version lacks. :func:`apply` does it in one transaction — every cost line's price item is
swapped for the new version's item with the same code, the evaluation points at the new
version, the cases' revisions go up so live screens refresh — and records one change of the
evaluation in the history, with the old and new version and totals.

A line is listed when its cost changes or its price item is missing; a fixed amount or a line
with its own rate keeps its cost. A line whose price code the new version lacks is listed, and
:func:`apply` refuses as long as there is one. The line cannot keep an item of the old version (the
evaluation's workbook would then name a code its own price list lacks, and no longer import),
and guessing another item would silently change a figure. The user adds the missing items to
the new version — unlocked, as long as no evaluation uses it — or picks another version.
Fixed amounts are re-pointed too (their financier defaults from the item).
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction

from cases.models import Case, CostLine, Evaluation
from history.models import Action
from history.recorder import record_change
from lib import costing
from pricelist.models import PriceItem, PriceList


class RepricingError(Exception):
    """A re-pricing that cannot be applied; the message is Dutch."""


@dataclass(frozen=True)
class LineChange:
    """A cost line whose cost changes, or whose price item the new version lacks."""

    scenario: str  # werkwijze name
    description: str  # of the timeline item
    price_code: str
    price_name: str
    old_price: Decimal
    new_price: Decimal | None  # None: missing in the new version
    old_cost: Decimal
    new_cost: Decimal | None

    @property
    def is_missing(self) -> bool:
        return self.new_price is None


@dataclass(frozen=True)
class TotalChange:
    scenario: str  # werkwijze name
    old: Decimal
    new: Decimal  # lines missing in the new version counted at their old cost

    @property
    def change(self) -> Decimal:
        return self.new - self.old


@dataclass(frozen=True)
class CaseChange:
    case: Case
    totals: tuple[TotalChange, ...]
    lines: tuple[LineChange, ...]

    @property
    def has_changes(self) -> bool:
        return bool(self.lines) or any(total.change for total in self.totals)


@dataclass(frozen=True)
class Preview:
    evaluation: Evaluation
    source: PriceList
    target: PriceList
    cases: tuple[CaseChange, ...]

    @property
    def missing_codes(self) -> list[str]:
        return sorted(
            {line.price_code for case in self.cases for line in case.lines if line.is_missing}
        )

    @property
    def changed_line_count(self) -> int:
        return sum(1 for case in self.cases for line in case.lines if not line.is_missing)

    @property
    def can_apply(self) -> bool:
        return not self.missing_codes

    def totals(self) -> dict[str, dict[str, str]]:
        """Per case code and werkwijze name the total, old or new — for the history record."""
        return {
            "old": {
                f"{c.case.code}/{t.scenario}": str(t.old) for c in self.cases for t in c.totals
            },
            "new": {
                f"{c.case.code}/{t.scenario}": str(t.new) for c in self.cases for t in c.totals
            },
        }


def _check_target(evaluation: Evaluation, target: PriceList) -> None:
    if target.organisation_id != evaluation.organisation_id:
        raise RepricingError("Deze prijslijst hoort niet bij de organisatie van de evaluatie.")
    if target.pk == evaluation.price_list_id:
        raise RepricingError("De evaluatie gebruikt deze prijslijst al.")


def _repriced(line: costing.Line, item: PriceItem | None) -> costing.Line:
    if item is None:
        return line
    return dataclasses.replace(line, price=item.price, unit=item.unit)


def preview(evaluation: Evaluation, target: PriceList) -> Preview:
    """What moving to ``target`` would change; writes nothing."""
    _check_target(evaluation, target)
    scenarios = list(evaluation.scenarios.all())
    names = {s.code: s.name for s in scenarios}
    codes = [s.code for s in scenarios]
    reference = next(s.code for s in scenarios if s.is_reference)
    new_items = {item.code: item for item in target.items.all()}
    old_lines, new_lines = defaultdict(list), defaultdict(list)
    changes = defaultdict(list)
    lines = CostLine.objects.for_costing().filter(item__case__evaluation=evaluation)
    for line in lines.order_by("item__start", "item__position", "item__pk", "position", "pk"):
        case_id, old = line.item.case_id, line.to_costing()
        new_item = new_items.get(line.price_item.code) if line.price_item_id else None
        new = _repriced(old, new_item)
        old_lines[case_id].append(old)
        new_lines[case_id].append(new)
        # A fixed amount or an own rate keeps its cost whatever the price: not a change.
        if line.price_item_id and (new_item is None or new.cost != old.cost):
            changes[case_id].append(
                LineChange(
                    scenario=names[old.scenario],
                    description=line.item.description,
                    price_code=line.price_item.code,
                    price_name=line.price_item.name,
                    old_price=line.price_item.price,
                    new_price=new_item.price if new_item else None,
                    old_cost=old.cost,
                    new_cost=new.cost if new_item else None,
                )
            )
    cases = []
    for case in evaluation.cases.all():
        before = costing.case_figures(codes, reference, old_lines[case.pk])
        after = costing.case_figures(codes, reference, new_lines[case.pk])
        totals = tuple(TotalChange(names[c], before.total(c), after.total(c)) for c in codes)
        cases.append(CaseChange(case, totals, tuple(changes[case.pk])))
    return Preview(evaluation, evaluation.price_list, target, tuple(cases))


def apply(evaluation: Evaluation, target: PriceList, user) -> Preview:
    """Move the evaluation to ``target`` in one transaction; refuses (RepricingError) while
    a price code is missing. Returns the preview it applied."""
    with transaction.atomic():
        # Locked, so that two chairs re-pricing at once cannot interleave.
        evaluation = (
            Evaluation.objects.select_for_update()
            .select_related("organisation", "price_list")
            .get(pk=evaluation.pk)
        )
        result = preview(evaluation, target)
        if not result.can_apply:
            raise RepricingError(
                f"De prijslijst ‘{target.name}’ mist prijscodes die deze evaluatie gebruikt: "
                f"{', '.join(result.missing_codes)}. Voeg ze aan die prijslijst toe of kies "
                "een andere versie."
            )
        new_items = {item.code: item for item in target.items.all()}
        lines = list(
            CostLine.objects.filter(
                item__case__evaluation=evaluation, price_item__isnull=False
            ).select_related("price_item")
        )
        for line in lines:
            line.price_item = new_items[line.price_item.code]
        CostLine.objects.bulk_update(lines, ["price_item"])
        evaluation.price_list = target
        evaluation.save(update_fields=["price_list", "updated_at"])
        Case.bump_revisions(evaluation)
        totals = result.totals()
        record_change(
            user,
            evaluation,
            Action.UPDATE,
            before={
                "price_list": result.source.pk,
                "price_list_name": result.source.name,
                "totals": totals["old"],
            },
            after={
                "price_list": target.pk,
                "price_list_name": target.name,
                "totals": totals["new"],
                "lines_repointed": len(lines),
            },
        )
    return result
