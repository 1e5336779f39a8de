"""Costs over time: every cost line spread over the calendar months of its period, per
werkwijze the cost per month, per year and cumulatively, and the month from which a werkwijze
breaks even against the reference. Pure Python with ``Decimal`` money, beside
:mod:`lib.costing`, whose rounded line costs it spreads.

**Spreading a line.** A line with a frequency accrues its occurrences day by day (DESIGN §4:
occurrences = times × days / period days), and a line without one, or a fixed amount, is
spread evenly over its days; both come to the line's cost × the days of its period in a month
/ all its days. Each month is rounded to cents half up and the rounding difference goes to the
last month, so that a line's months add up to its rounded cost to the cent, and a werkwijze's
months to its total.

**Break-even.** The cumulative verschil of a werkwijze in a month is what the reference has
cost up to and including that month minus what the werkwijze has (positive: saved so far).
The werkwijze breaks even in the first month from which that stays at or above zero to the end
of the period; a werkwijze identical to the reference breaks even at once. Months are counted
from the case's first month (maand 1), so that cases of different years can be compared.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from lib import dutch
from lib.costing import ZERO, Line, difference, inclusive_days, round_cents


def first_of_month(day: date) -> date:
    return day.replace(day=1)


def next_month(month: date) -> date:
    return (month.replace(day=28) + timedelta(days=4)).replace(day=1)


def months(first: date, last: date) -> list[date]:
    """The first days of the calendar months from ``first``'s to ``last``'s, inclusive."""
    month, end, out = first_of_month(first), first_of_month(last), []
    while month <= end:
        out.append(month)
        month = next_month(month)
    return out


def _days_in(month: date, start: date, end: date) -> int:
    """How many days of ``start``–``end`` (inclusive) fall in ``month``."""
    month_end = next_month(month) - timedelta(days=1)
    first, last = max(start, month), min(end, month_end)
    return max(0, (last - first).days + 1)


def spread(line: Line) -> dict[date, Decimal]:
    """The line's cost per month of its period; the months add up to ``line.cost``."""
    cost = line.cost
    days = Decimal(inclusive_days(line.start, line.end))
    out: dict[date, Decimal] = {}
    for month in months(line.start, line.end):
        out[month] = round_cents(cost * _days_in(month, line.start, line.end) / days)
    last = max(out)
    out[last] += cost - sum(out.values(), ZERO)
    return out


@dataclass(frozen=True)
class Course:
    """One werkwijze's cost per month over a case's months (maand 1 is the first)."""

    months: tuple[date, ...]
    amounts: tuple[Decimal, ...]

    @property
    def total(self) -> Decimal:
        return sum(self.amounts, ZERO)

    @property
    def cumulative(self) -> tuple[Decimal, ...]:
        running, out = ZERO, []
        for amount in self.amounts:
            running += amount
            out.append(running)
        return tuple(out)

    def per_year(self) -> dict[int, Decimal]:
        years: dict[int, Decimal] = {}
        for month, amount in zip(self.months, self.amounts, strict=True):
            years[month.year] = years.get(month.year, ZERO) + amount
        return years


def course(lines: Iterable[Line], first: date, last: date) -> Course:
    """The cost per month from ``first``'s month to ``last``'s of ``lines``, which must fall
    within them."""
    axis = months(first, last)
    sums = dict.fromkeys(axis, ZERO)
    for line in lines:
        for month, amount in spread(line).items():
            if month not in sums:
                raise ValueError(f"line in {month:%Y-%m} outside {first} – {last}")
            sums[month] += amount
    return Course(tuple(axis), tuple(sums[month] for month in axis))


def case_courses(
    scenarios: Sequence[str], lines: Iterable[Line], first: date, last: date
) -> dict[str, Course]:
    """Per werkwijze code its course over the same months, also for one without lines."""
    grouped: dict[str, list[Line]] = {code: [] for code in scenarios}
    for line in lines:
        grouped[line.scenario].append(line)
    return {code: course(grouped[code], first, last) for code in scenarios}


@dataclass(frozen=True)
class BreakEven:
    """From which month (1 = the case's first) a werkwijze's cumulative verschil stays at or
    above zero, and the calendar month that is; ``index`` None: not within the period."""

    index: int | None
    month: date | None
    month_count: int

    def sentence(self, name: str) -> str:
        """As a chair reads it out in the session."""
        if self.index is None:
            period = dutch.units(str(self.month_count), "maand")
            return f"{name} verdient zich binnen de periode van {period} niet terug."
        month = dutch.month_label(self.month)
        if self.index == 1:
            return f"{name} kost vanaf de eerste maand ({month}) niet meer dan de referentie."
        return (
            f"{name} verdient zich terug in maand {self.index} ({month}): vanaf dan blijft het "
            "verschil met de referentie positief of nul."
        )


def cumulative_differences(reference: Course, scenario: Course) -> tuple[Decimal, ...]:
    """Per month the reference's cumulative cost minus the werkwijze's."""
    if reference.months != scenario.months:
        raise ValueError("the courses cover different months")
    return tuple(
        difference(r, s) for r, s in zip(reference.cumulative, scenario.cumulative, strict=True)
    )


def break_even(reference: Course, scenario: Course) -> BreakEven:
    differences = cumulative_differences(reference, scenario)
    start = len(differences)
    while start > 0 and differences[start - 1] >= ZERO:
        start -= 1
    if start == len(differences):
        return BreakEven(None, None, len(differences))
    return BreakEven(start + 1, scenario.months[start], len(differences))


def break_evens(courses: Mapping[str, Course], reference: str) -> dict[str, BreakEven]:
    """Per werkwijze other than the reference its break-even against it."""
    return {
        code: break_even(courses[reference], course_)
        for code, course_ in courses.items()
        if code != reference
    }
