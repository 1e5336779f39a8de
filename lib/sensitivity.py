"""What drives a verschil: the tornado of prices, the tipping point of the conclusion, and the
verschil after deadweight and attribution. Pure Python, no Django: callers hand in the same
:class:`lib.firmness.FirmLine` objects that :mod:`lib.firmness` takes.

Throughout, W is a werkwijze compared with the reference R, and its verschil is
``D = total(R) − total(W)`` (positive is a saving), as in :func:`lib.costing.difference`.

**Tornado.** :func:`lib.firmness.difference_range` moves *every* price to the end of its
margin at once. A room that asks "which price matters?" needs them one at a time: per price
(netted exactly as firmness nets them — same price code, rate and hardness; a fixed amount is
a price of its own) the verschil when that one price sits at the low or high end of its
hardness margin and every other price stays central. With the price's net amount ``N``
(reference minus werkwijze) and ``m = margin_amount(N, margin of its hardness)`` that is
``D − m`` and ``D + m``. The bars with the largest swing come first; a hard price (margin 0)
moves nothing and gets no bar. Because the margins add up, the sum of the half swings is the
margin of ``difference_range``, and with only one loose price its bar *is* that range.

**Tipping point.** The conclusion "W saves" rests mostly on the costliest avoided cost
(:func:`lib.firmness.costliest_avoided`). If that cost were ``s`` percent smaller, the
verschil would be ``D − s/100 × cost``; it changes sign at ``s = D / cost × 100``. The share
is rounded *up* to a whole percent, as the switching value is rounded up.

**Deadweight and attribution** (SROI practice). Deadweight is the part of the outcome that
would have happened anyway, attribution the part owed to others than the intervention. Both
shrink the verschil, into a second, explicitly named figure; the verschil itself never
changes.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal

from lib import dutch
from lib.costing import ZERO, difference, round_cents
from lib.firmness import (
    FirmLine,
    Margins,
    _price_key,  # the one definition of "the same price"; a copy could drift from it
    costliest_avoided,
    margin_amount,
    total_cost,
)

HUNDRED = Decimal(100)

# A fixed amount without a description still needs a label on its bar.
FIXED_AMOUNT_NAME = "vast bedrag"


@dataclass(frozen=True)
class Bar:
    """The verschil when one price moves to the low or high end of its margin."""

    name: str
    low: Decimal
    high: Decimal
    central: Decimal

    def __post_init__(self):
        if self.low > self.high:
            raise ValueError(f"low {self.low} is above high {self.high}")

    @property
    def swing(self) -> Decimal:
        return self.high - self.low


@dataclass(frozen=True)
class _Price:
    name: str
    hardness: str
    net: Decimal  # reference minus werkwijze


def _name(line: FirmLine) -> str:
    if line.line.is_fixed:
        return line.description or FIXED_AMOUNT_NAME
    return line.name or line.line.price_code


def _prices(reference: Sequence[FirmLine], scenario: Sequence[FirmLine]) -> list[_Price]:
    """The netted prices, keyed and offset exactly as :func:`firmness.difference_range` does,
    so that the tornado and the range can never disagree on what one price is."""
    net: dict[Hashable, Decimal] = {}
    hardness: dict[Hashable, str] = {}
    names: dict[Hashable, str] = {}
    for sign, lines, offset in ((1, reference, 0), (-1, scenario, len(reference))):
        for index, line in enumerate(lines):
            key = _price_key(offset + index, line)
            net[key] = net.get(key, ZERO) + sign * line.cost
            hardness[key] = line.effective_hardness
            # The reference's name comes first: it is where the avoided price is used.
            names.setdefault(key, _name(line))
    return [_Price(names[key], hardness[key], net[key]) for key in net]


def tornado(
    reference: Sequence[FirmLine],
    scenario: Sequence[FirmLine],
    margins: Margins,
    limit: int = 10,
) -> list[Bar]:
    """The ``limit`` prices that move the verschil most, largest swing first."""
    if limit < 0:
        raise ValueError(f"limit must not be negative, not {limit}")
    central = difference(total_cost(reference), total_cost(scenario))
    bars = []
    for price in _prices(reference, scenario):
        margin = margin_amount(price.net, margins.of(price.hardness))
        if margin > ZERO:
            bars.append(Bar(price.name, central - margin, central + margin, central))
    # sort is stable: bars of equal swing and name keep the order of the lines.
    bars.sort(key=lambda bar: (-bar.swing, bar.name))
    return bars[:limit]


def tipping_share(reference: Sequence[FirmLine], scenario: Sequence[FirmLine]) -> Decimal | None:
    """By how many percent (whole, rounded up) the costliest avoided cost must shrink before
    the verschil changes sign; None when there is no saving or nothing is avoided."""
    central = difference(total_cost(reference), total_cost(scenario))
    item = costliest_avoided(reference, scenario)
    if central <= ZERO or item is None:
        return None
    # Multiply before dividing: a share that is a whole percent then stays exact.
    return (central * HUNDRED / item.cost).to_integral_value(rounding=ROUND_CEILING)


def tipping_sentence(name: str, share: Decimal | None, *, item: str) -> str:
    """The tipping point as the chair reads it out: ``name`` is the werkwijze, ``item`` the
    costliest avoided cost (keyword, so the two names cannot be swapped unnoticed)."""
    if share is None:
        return f"Voor {name} is er geen besparing op vermeden kosten die kan omslaan."
    if share > HUNDRED:
        # More than all of it: the saving outlives even losing the whole avoided cost.
        return (
            f"De conclusie voor {name} houdt stand, ook als de duurste vermeden kosten "
            f"‘{item}’ helemaal wegvallen."
        )
    return (
        f"De conclusie voor {name} houdt stand tot de duurste vermeden kosten ‘{item}’ "
        f"{dutch.percent(share)} kleiner zijn."
    )


def adjusted_difference(
    difference: Decimal, deadweight_percent: Decimal, attribution_percent: Decimal
) -> Decimal:
    """The *verschil na deadweight en attributie*:
    ``round_cents(D × (1 − deadweight/100) × (1 − attribution/100))``.

    A second, explicitly named figure next to the verschil; it never replaces or changes the
    first, which stays the plain comparison of the costed timelines.
    """
    for label, value in (("deadweight", deadweight_percent), ("attributie", attribution_percent)):
        if not ZERO <= value <= HUNDRED:
            raise ValueError(f"{label} must be 0–100 %, not {value}")
    # One division at the end, so the only rounding is round_cents.
    kept = (HUNDRED - deadweight_percent) * (HUNDRED - attribution_percent)
    return round_cents(difference * kept / (HUNDRED * HUNDRED))
