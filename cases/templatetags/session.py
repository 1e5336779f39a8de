"""Filters of the entry and session screens: a cost line's calculation in words."""

from decimal import Decimal

from django import template

from lib import costing, dutch

register = template.Library()


def _about(value: Decimal) -> str:
    return dutch.number(value.quantize(Decimal("0.01")).normalize())


@register.filter
def calculation(line: costing.Line) -> str:
    """ "2 uur × 3 personen × 26 weken × € 76,50 = € 11.934": the engine's own figures."""
    if line.is_fixed:
        return f"vast bedrag = {dutch.amount(line.cost)}"
    persons = "persoon" if line.persons == 1 else "personen"
    parts = [
        f"{dutch.number(line.quantity)} {line.unit}".strip(),
        f"{dutch.number(line.persons)} {persons}",
    ]
    if line.frequency:
        periods = line.occurrences / line.times if line.times else Decimal(0)
        if line.times != 1:
            parts.append(f"{dutch.number(line.times)} keer per {line.frequency}")
        parts.append(dutch.units(_about(periods), line.frequency))
    elif line.times != 1:
        parts.append(f"{dutch.number(line.times)} keer")
    parts.append(dutch.euro_cents(line.effective_rate))
    return " × ".join(parts) + f" = {dutch.amount(line.cost)}"
