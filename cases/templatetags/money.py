"""Dutch number formats: "€ 16.329", "€ -5.689", "12,50", "1 sep 2016"."""

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django import template

register = template.Library()

MONTHS = ("jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec")


def _group(digits: str) -> str:
    out = []
    while len(digits) > 3:
        out.insert(0, digits[-3:])
        digits = digits[:-3]
    out.insert(0, digits)
    return ".".join(out)


def format_number(value, places: int = 0) -> str:
    if value is None or value == "":
        return ""
    amount = Decimal(value).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    sign = "-" if amount < 0 else ""
    whole, _, fraction = f"{abs(amount):f}".partition(".")
    text = _group(whole)
    if places:
        text += "," + fraction
    return sign + text


@register.filter
def euro(value) -> str:
    """Whole euros with Dutch separators: € 16.329, € -5.689."""
    if value is None or value == "":
        return ""
    return f"€ {format_number(value)}"


@register.filter
def euro_cents(value) -> str:
    """Euros and cents: € 1.234,56."""
    if value is None or value == "":
        return ""
    return f"€ {format_number(value, 2)}"


@register.filter
def number(value, places=0) -> str:
    """A number with a Dutch decimal comma, trailing zeros dropped: 2,5 · 12 · 1.250."""
    if value is None or value == "":
        return ""
    amount = Decimal(value)
    places = int(places) if places else max(0, -amount.normalize().as_tuple().exponent)
    return format_number(amount, places)


@register.filter
def dutch_date(value) -> str:
    """1 sep 2016."""
    if not isinstance(value, date):
        return ""
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"


@register.filter
def date_range(start, end) -> str:
    if start == end or not end:
        return dutch_date(start)
    return f"{dutch_date(start)} – {dutch_date(end)}"
