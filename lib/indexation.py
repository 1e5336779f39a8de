"""Indexation: the prices of a new price list version from an older one, raised by a
percentage — one for all items, or per category — and rounded as the user chooses: to the
cent, or to a multiple of € 5 as some published lists do. Pure Python, ``Decimal`` throughout,
half up (€ 102,50 → € 105 at € 5; € 0,125 → € 0,13 at a cent).

A price is rounded only when it is indexed: a copy without a percentage keeps its prices as
they are, so that copying never changes a figure by itself.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from lib import dutch
from lib.costing import round_cents

FIVE = Decimal(5)
HUNDRED = Decimal(100)


class Rounding(StrEnum):
    CENT = "cent"
    FIVE_EUROS = "5-euro"

    @property
    def label(self) -> str:
        return {"cent": "op hele centen", "5-euro": "op € 5"}[self.value]


def round_price(price: Decimal, rounding: Rounding) -> Decimal:
    """Half up to a cent or to a multiple of € 5; always with two decimals."""
    if rounding == Rounding.FIVE_EUROS:
        price = (price / FIVE).quantize(Decimal(1), rounding=ROUND_HALF_UP) * FIVE
    return round_cents(price)


def index_price(price: Decimal, percent: Decimal, rounding: Rounding = Rounding.CENT) -> Decimal:
    """``price × (1 + percent / 100)``, rounded once. A fall of more than 100 % is refused."""
    if percent < -HUNDRED:
        raise ValueError(f"a price cannot fall by {percent} %")
    return round_price(price * (HUNDRED + percent) / HUNDRED, rounding)


@dataclass(frozen=True)
class Indexation:
    """What to do to every price: ``percent`` for all categories, unless ``per_category``
    names the item's category (exactly, as written in the price list)."""

    percent: Decimal = Decimal(0)
    per_category: Mapping[str, Decimal] = field(default_factory=dict)
    rounding: Rounding = Rounding.CENT

    def percent_for(self, category: str) -> Decimal:
        return self.per_category.get(category, self.percent)

    def price(self, price: Decimal, category: str) -> Decimal:
        return index_price(price, self.percent_for(category), self.rounding)

    def describe(self) -> str:
        """A Dutch line for the new version's origin: "+3 % (Zorg +5 %), afgerond op € 5"."""
        parts = [_percent(self.percent)]
        if self.per_category:
            categories = ", ".join(
                f"{name or 'zonder categorie'} {_percent(p)}"
                for name, p in sorted(self.per_category.items())
            )
            parts[0] += f" ({categories})"
        return f"{parts[0]}, afgerond {self.rounding.label}"


def _percent(value: Decimal) -> str:
    return dutch.percent(value, signed=True)
