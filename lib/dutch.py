"""Dutch numbers, amounts, dates and unit words: reading them as people type them, and
writing them as every page, report and sentence of the product shows them.

Pure Python, no Django; the one place where a Dutch format is decided. Writing: "€ 16.329",
"€ -5.689", "€ 1.234,56", "12,5", "1 sep 2016", "sep 2016", "2 jaar", "3 weken",
"2 uur 30 min".

Reading: the entry forms call the parsers and turn :class:`EntryError` into a field
error. Dates come as a *range* because a month ("sep 2016") means its first day as a start and
its last day as an end; a single day is a range of one day.

Accepted dates: ``1 sep 2016``, ``1 september 2016``, ``1-9-2016``, ``01-09-2016``,
``1/9/2016``, ``1.9.2016``, ``sep 2016``, ``september 2016``, ``9-2016`` and ``2016-09-01``.
Accepted numbers: ``2``, ``76,5``, ``1.234,56``, ``1234,56``, ``1.250`` (one thousand two
hundred and fifty, as a Dutch reader means it), ``76.50`` (a single point followed by other
than three digits is a decimal point), optionally with a leading ``€`` and spaces.
Accepted durations (:func:`parse_minutes`): ``150``, ``150 min``, ``2,5 uur``, ``1,5u``,
``2:30``, ``1 uur 15 min``.
"""

from __future__ import annotations

import calendar
import re
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from lib.costing import Line


class EntryError(ValueError):
    """Input that cannot be read; the message is Dutch and meant for the user."""


READ_MONTHS = {
    "januari": 1,
    "jan": 1,
    "februari": 2,
    "feb": 2,
    "maart": 3,
    "mrt": 3,
    "mar": 3,
    "april": 4,
    "apr": 4,
    "mei": 5,
    "juni": 6,
    "jun": 6,
    "juli": 7,
    "jul": 7,
    "augustus": 8,
    "aug": 8,
    "september": 9,
    "sept": 9,
    "sep": 9,
    "oktober": 10,
    "okt": 10,
    "november": 11,
    "nov": 11,
    "december": 12,
    "dec": 12,
}

_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_NUMERIC = re.compile(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})")
_NUMERIC_MONTH = re.compile(r"(\d{1,2})[-/.](\d{4})")
_NAMED = re.compile(r"(?:(\d{1,2})\s+)?([a-z]+)\.?\s+(\d{4})")

DATE_HINT = "Schrijf bijvoorbeeld 1 sep 2016, 1-9-2016, sep 2016 of 2016-09-01."


def _day(year: int, month: int, day: int, text: str) -> date:
    if not 1 <= month <= 12:
        raise EntryError(f"“{text}” is geen bestaande datum: er is geen maand {month}.")
    if not 1 <= year <= 9999:
        raise EntryError(f"“{text}” is geen bestaande datum.")
    last = calendar.monthrange(year, month)[1]
    if not 1 <= day <= last:
        raise EntryError(
            f"“{text}” is geen bestaande datum: {calendar_month(month)} {year} heeft {last} dagen."
        )
    return date(year, month, day)


def _month(year: int, month: int, text: str) -> tuple[date, date]:
    first = _day(year, month, 1, text)
    return first, date(year, month, calendar.monthrange(year, month)[1])


MONTH_NAMES = (
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
)


def calendar_month(month: int) -> str:
    return MONTH_NAMES[month - 1]


def parse_date_range(text: str) -> tuple[date, date]:
    """The first and last day ``text`` means: one day, or a whole month."""
    cleaned = " ".join(text.strip().lower().split())
    if not cleaned:
        raise EntryError("Vul een datum in.")
    if match := _ISO.fullmatch(cleaned):
        year, month, day = (int(part) for part in match.groups())
        single = _day(year, month, day, text.strip())
        return single, single
    if match := _NUMERIC.fullmatch(cleaned):
        day, month, year = (int(part) for part in match.groups())
        single = _day(year, month, day, text.strip())
        return single, single
    if match := _NUMERIC_MONTH.fullmatch(cleaned):
        month, year = (int(part) for part in match.groups())
        return _month(year, month, text.strip())
    if match := _NAMED.fullmatch(cleaned):
        day, name, year = match.groups()
        if name not in READ_MONTHS:
            raise EntryError(f"“{name}” is geen maand. {DATE_HINT}")
        if day is None:
            return _month(int(year), READ_MONTHS[name], text.strip())
        single = _day(int(year), READ_MONTHS[name], int(day), text.strip())
        return single, single
    raise EntryError(f"“{text.strip()}” is geen datum die ik kan lezen. {DATE_HINT}")


def parse_period(start_text: str, end_text: str = "") -> tuple[date, date]:
    """Start and end of an item: a month as start begins on its first day, as end it ends on
    its last; an empty end means the start's own last day (one day, or that whole month).
    Whether the end may come before the start is not for this module to say (cases.rules)."""
    start, start_last = parse_date_range(start_text)
    end = parse_date_range(end_text)[1] if end_text.strip() else start_last
    return start, end


_GROUPED = re.compile(r"-?\d{1,3}(?:\.\d{3})+")


def parse_decimal(text: str) -> Decimal:
    """A number with a Dutch decimal comma and optional thousands points."""
    cleaned = text.strip().replace("€", "").replace(" ", "").replace("\u00a0", "")
    if not cleaned:
        raise EntryError("Vul een getal in.")
    if "," in cleaned:
        whole, _, fraction = cleaned.rpartition(",")
        if "." in whole and not _GROUPED.fullmatch(whole):
            raise EntryError(f"“{text.strip()}” is geen getal. Schrijf bijvoorbeeld 1.234,56.")
        cleaned = whole.replace(".", "") + "." + fraction
    elif _GROUPED.fullmatch(cleaned):
        cleaned = cleaned.replace(".", "")
    if not re.fullmatch(r"-?(\d+(\.\d*)?|\.\d+)", cleaned):
        raise EntryError(f"“{text.strip()}” is geen getal. Schrijf bijvoorbeeld 76,50.")
    try:
        return Decimal(cleaned)
    except InvalidOperation as error:  # pragma: no cover - the pattern above rules it out
        raise EntryError(f"“{text.strip()}” is geen getal.") from error


DURATION_HINT = "Schrijf bijvoorbeeld 2,5 uur, 2:30, 150 min of 1 uur 15 min."
_CLOCK = re.compile(r"(\d{1,3}):(\d{2})")
# One part of a duration: a number and its unit ("2,5 uur", "1,5u", "15 min", "150").
_DURATION_PART = re.compile(r"(\d+(?:[.,]\d+)?)\s*([a-z]*)\.?")
_HOUR_WORDS = {"u", "uur", "uren", "h"}
_MINUTE_WORDS = {"m", "min", "mins", "minuut", "minuten"}


def parse_minutes(text: str) -> int:
    """A duration as people say it, in whole minutes: "150", "150 min", "2,5 uur", "1,5u",
    "2:30", "1 uur 15 min", "1u15". A bare number is minutes; after hours it is the minutes of
    that hour ("1 uur 15"). A duration that is no whole number of minutes ("2,51 uur") is
    refused rather than rounded, so that what is stored is what was meant."""
    shown = text.strip()
    cleaned = " ".join(shown.lower().split())
    if not cleaned:
        raise EntryError("Vul een duur in.")
    if match := _CLOCK.fullmatch(cleaned):
        hours, minutes = (int(part) for part in match.groups())
        if minutes >= 60:
            raise EntryError(
                f"“{shown}”: een uur heeft 60 minuten, dus na de dubbele punt komt hoogstens 59."
            )
        return hours * 60 + minutes
    total, units_seen, position = Decimal(0), [], 0
    while position < len(cleaned):
        match = _DURATION_PART.match(cleaned, position)
        if match is None:
            raise EntryError(f"“{shown}” is geen duur die ik kan lezen. {DURATION_HINT}")
        number, word = match.groups()
        if word in _HOUR_WORDS:
            unit = "uur"
        elif word in _MINUTE_WORDS or (not word and units_seen == ["uur"]):
            unit = "min"
        elif not word and not units_seen and match.end() == len(cleaned):
            unit = "min"  # a plain number: the minutes the field always took
        else:
            raise EntryError(f"“{shown}” is geen duur die ik kan lezen. {DURATION_HINT}")
        if unit in units_seen or (unit == "uur" and units_seen):
            raise EntryError(f"“{shown}”: noem eerst de uren en dan de minuten, elk één keer.")
        units_seen.append(unit)
        value = Decimal(number.replace(",", "."))
        total += value * 60 if unit == "uur" else value
        position = match.end()
        # "1 uur en 15 minuten": the "en" between the parts.
        if cleaned.startswith(" en ", position):
            position += 3
        if position < len(cleaned) and cleaned[position] == " ":
            position += 1
    if total != total.to_integral_value():
        raise EntryError(
            f"“{shown}” is {number_text(total)} minuten; vul een heel aantal minuten in."
        )
    return int(total)


def number_text(value: Decimal) -> str:
    """A number as a Dutch reader writes it, for messages: 150,6."""
    return str(value.normalize()).replace(".", ",")


# Writing -----------------------------------------------------------------------------------

MONTHS = ("jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec")

# The plural after a number; uur and jaar stay as they are ("12 uur", "2 jaar").
UNIT_PLURALS = {
    "uur": "uur",
    "dagdeel": "dagdelen",
    "dag": "dagen",
    "week": "weken",
    "maand": "maanden",
    "jaar": "jaar",
    "stuk": "stuks",
    "traject": "trajecten",
    "melding": "meldingen",
}
# "het traject", "de maand": the article of one unit.
UNIT_ARTICLES = {"uur": "het", "dagdeel": "het", "jaar": "het", "stuk": "het", "traject": "het"}


def _group(digits: str) -> str:
    out = []
    while len(digits) > 3:
        out.insert(0, digits[-3:])
        digits = digits[:-3]
    out.insert(0, digits)
    return ".".join(out)


def format_number(value, places: int = 0, rounding=ROUND_HALF_UP, trim: bool = False) -> str:
    """1.234,5: thousands points, a decimal comma, ``places`` decimals rounded by
    ``rounding``; with ``trim`` a fraction of zeros is left off ("12" rather than "12,0")."""
    if value is None or value == "":
        return ""
    amount = Decimal(value).quantize(Decimal(1).scaleb(-places), rounding=rounding)
    sign = "-" if amount < 0 else ""
    whole, _, fraction = f"{abs(amount):f}".partition(".")
    text = _group(whole)
    if places and not (trim and not fraction.strip("0")):
        text += "," + fraction
    return sign + text


def euro(value, rounding=ROUND_HALF_UP) -> str:
    """Whole euros with Dutch separators: € 16.329, € -5.689."""
    if value is None or value == "":
        return ""
    return f"€ {format_number(value, 0, rounding)}"


def euro_cents(value) -> str:
    """Euros and cents: € 1.234,56."""
    if value is None or value == "":
        return ""
    return f"€ {format_number(value, 2)}"


def amount(value) -> str:
    """Whole euros when there are no cents (€ 11.934), else with cents (€ 436,70)."""
    if value is None or value == "":
        return ""
    value = Decimal(value)
    return euro(value) if value == value.to_integral_value() else euro_cents(value)


def number(value, places=0) -> str:
    """A number with a Dutch decimal comma, trailing zeros dropped: 2,5 · 12 · 1.250."""
    if value is None or value == "":
        return ""
    value = Decimal(value)
    places = int(places) if places else max(0, -value.normalize().as_tuple().exponent)
    return format_number(value, places)


def percent(value: Decimal, signed: bool = False) -> str:
    """12,5 % (or +3 % with ``signed``)."""
    sign = "+" if signed and value >= 0 else ""
    return f"{sign}{number(value)} %"


def dutch_date(value) -> str:
    """1 sep 2016."""
    if not isinstance(value, date):
        return ""
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"


def date_range(start, end) -> str:
    """1 sep 2016 – 30 jun 2017, or one date when the range is one day."""
    if start == end or not end:
        return dutch_date(start)
    return f"{dutch_date(start)} – {dutch_date(end)}"


def month_label(month: date) -> str:
    """sep 2016."""
    return f"{MONTHS[month.month - 1]} {month.year}"


def units(text: str, unit: str) -> str:
    """A written count and its unit: "1 week", "3 weken", "2 jaar"."""
    return f"{text} {unit if text == '1' else UNIT_PLURALS.get(unit, unit)}"


def duration(minutes) -> str:
    """A duration in whole minutes as it is said: "2 uur 30 min", "45 min", "3 uur"."""
    if minutes is None or minutes == "":
        return ""
    hours, rest = divmod(int(minutes), 60)
    if not hours:
        return f"{rest} min"
    return f"{hours} uur {rest} min" if rest else f"{hours} uur"


def _about(value: Decimal) -> str:
    return number(value.quantize(Decimal("0.01")).normalize())


def calculation(line: Line) -> str:
    """ "2 uur × 3 personen × 26 weken × € 76,50 = € 11.934": the engine's own figures; a
    one-off payment says so ("…, eenmalig")."""
    text = _calculation(line)
    return f"{text}, eenmalig" if line.one_off else text


def _calculation(line: Line) -> str:
    if line.is_fixed:
        return f"vast bedrag = {amount(line.cost)}"
    persons = "persoon" if line.persons == 1 else "personen"
    parts = [
        f"{number(line.quantity)} {line.unit}".strip(),
        f"{number(line.persons)} {persons}",
    ]
    if line.frequency:
        periods = line.occurrences / line.times if line.times else Decimal(0)
        if line.times != 1:
            parts.append(f"{number(line.times)} keer per {line.frequency}")
        parts.append(units(_about(periods), line.frequency))
    elif line.times != 1:
        parts.append(f"{number(line.times)} keer")
    parts.append(euro_cents(line.effective_rate))
    return " × ".join(parts) + f" = {amount(line.cost)}"
