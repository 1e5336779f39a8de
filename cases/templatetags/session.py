"""Filters of the entry and session screens: a cost line's calculation in words."""

from decimal import Decimal

from django import template

from cases import costing
from cases.templatetags.money import euro, euro_cents, number

register = template.Library()

PERIODS = {"dag": "dagen", "week": "weken", "maand": "maanden", "jaar": "jaren"}


@register.filter
def amount(value) -> str:
    """Whole euros when there are no cents (€ 11.934), else with cents (€ 436,70)."""
    if value is None:
        return ""
    return euro(value) if value == value.to_integral_value() else euro_cents(value)


def _about(value: Decimal) -> str:
    return number(value.quantize(Decimal("0.01")).normalize())


@register.filter
def calculation(line: costing.Line) -> str:
    """ "2 uur × 3 personen × 26 weken × € 76,50 = € 11.934": the engine's own figures."""
    if line.is_fixed:
        return f"vast bedrag = {amount(line.cost)}"
    persons = "persoon" if line.persons == 1 else "personen"
    parts = [f"{number(line.quantity)} {line.unit}".strip(), f"{number(line.persons)} {persons}"]
    if line.frequency:
        periods = line.occurrences / line.times if line.times else Decimal(0)
        if line.times != 1:
            parts.append(f"{number(line.times)} keer per {line.frequency}")
        parts.append(f"{_about(periods)} {PERIODS[line.frequency]}")
    elif line.times != 1:
        parts.append(f"{number(line.times)} keer")
    parts.append(euro_cents(line.effective_rate))
    return " × ".join(parts) + f" = {amount(line.cost)}"


@register.filter
def item_cost(item) -> Decimal:
    """The item's cost: the sum of its lines' rounded costs, as every total is."""
    return sum((line.cost for line in item.lines.all()), costing.ZERO)
