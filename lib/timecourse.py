"""Costs over time: every cost line spread over the calendar months of its period, per
werkwijze the cost per month, per year and cumulatively, and the month from which a werkwijze
breaks even against the reference. Pure Python with ``Decimal`` money, beside
:mod:`lib.costing`, whose rounded line costs it spreads.

**Spreading a line.** A line with a frequency accrues its occurrences day by day (DESIGN §4:
occurrences = times × days / period days), and a line without one, or a fixed amount, is
spread evenly over its days, unless the user marked it a one-off payment (``eenmalig``), which
falls on its start day; both come to the line's cost × the days of its period in a month
/ all its days. Each month is rounded to cents half up and the rounding difference goes to the
last month, so that a line's months add up to its rounded cost to the cent, and a werkwijze's
months to its total.

**Break-even.** The cumulative verschil of a werkwijze in a month is what the reference has
cost up to and including that month minus what the werkwijze has (positive: saved so far).
The werkwijze breaks even in the first month from which that stays at or above zero to the end
of the period; a werkwijze identical to the reference breaks even at once. Months are counted
from the case's first month (maand 1), so that cases of different years can be compared.

**Projection.** What a werkwijze would still cost after the case if its recurring support
went on as in the case's last month: the lines with a frequency that run into that month,
each at its cost per average month (cost per day × 365,25 / 12); one-off lines and fixed
amounts do not recur. The projection covers whole years after the case (at most
:data:`MAX_HORIZON_YEARS`), nominally and discounted to a present value at a yearly rate
(by default the Dutch rate for cost-benefit analyses, :data:`DEFAULT_DISCOUNT_RATE`), month
*n* after the case by (1 + rate)^(n / 12). It is an assumption, not an observation: it is kept
apart from the case's own course, and every sentence that shows it says it is projected, so
that observed and projected amounts are never added up unsaid.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from lib import dutch
from lib.costing import (
    PERIOD_DAYS,
    ZERO,
    Line,
    difference,
    inclusive_days,
    round_cents,
)


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
    """The line's cost per month of its period; the months add up to ``line.cost``. A one-off
    payment falls wholly in the month of its start day."""
    cost = line.cost
    if line.one_off:
        return {first_of_month(line.start): cost}
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
        """As a chair reads it out in the session. Over several cases (``month`` None) the
        months are counted from each case's own start."""
        if self.index is None:
            period = dutch.units(str(self.month_count), "maand")
            return f"{name} verdient zich binnen de periode van {period} niet terug."
        if self.month is None:
            if self.index == 1:
                return (
                    f"{name} kost over alle casussen vanaf de eerste maand niet meer dan de "
                    "referentie."
                )
            return (
                f"{name} verdient zich over alle casussen terug in maand {self.index} na hun "
                "start: vanaf dan blijft het verschil met de referentie positief of nul."
            )
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


def _first_month_from_which_positive(differences: Sequence[Decimal]) -> int:
    """The index from which every cumulative verschil is at or above zero (len: none)."""
    start = len(differences)
    while start > 0 and differences[start - 1] >= ZERO:
        start -= 1
    return start


def break_even_over_cases(references: Sequence[Course], scenarios: Sequence[Course]) -> BreakEven:
    """The break-even over several cases, each counted from its own first month: maand 1 of
    every case together, then maand 2, and so on over the longest case."""
    length = max((len(course_.amounts) for course_ in [*references, *scenarios]), default=0)

    def summed(courses: Sequence[Course]) -> list[Decimal]:
        sums = [ZERO] * length
        for course_ in courses:
            for index, amount in enumerate(course_.amounts):
                sums[index] += amount
        running, out = ZERO, []
        for amount in sums:
            running += amount
            out.append(running)
        return out

    differences = [
        difference(r, s) for r, s in zip(summed(references), summed(scenarios), strict=True)
    ]
    start = _first_month_from_which_positive(differences)
    if start == length:
        return BreakEven(None, None, length)
    return BreakEven(start + 1, None, length)


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


# Projection ---------------------------------------------------------------------------------

# Percent a year: the discount rate Dutch cost-benefit analyses prescribe; 0 turns it off.
DEFAULT_DISCOUNT_RATE = Decimal("2.25")
# The longest horizon offered: "as in the last month" is a guess that grows thinner each year.
MAX_HORIZON_YEARS = 10

# An average month, as the engine's "maand" period: a twelfth of an average year.
_DAYS_PER_MONTH = Decimal("365.25") / 12


def recurring_per_month(lines: Iterable[Line], last_month: date) -> Decimal:
    """What continues per average month after a case whose last month begins on
    ``last_month``: every line with a frequency that runs into that month, at its cost per day
    × 365,25 / 12. Fixed amounts and lines without a frequency are one-off and do not recur.
    Summed unrounded and rounded to cents once, so no line's rounding is counted twice."""
    total = Decimal(0)
    for line in lines:
        if line.is_fixed or not line.frequency or line.end < last_month:
            continue
        rate = line.effective_rate
        if rate is None:
            # The same refusal as Line.cost: a priced line without a price has no cost.
            raise ValueError("a priced line needs a price item price or a rate override")
        per_day = rate * line.quantity * line.persons * line.times / PERIOD_DAYS[line.frequency]
        total += per_day * _DAYS_PER_MONTH
    return round_cents(total)


def present_value(amount: Decimal, months_after: int, rate_percent: Decimal) -> Decimal:
    """``amount`` paid ``months_after`` months from now, discounted at ``rate_percent`` a
    year: amount / (1 + rate / 100) ^ (months / 12), rounded to cents."""
    if not rate_percent:
        return round_cents(amount)
    # Decimal all the way: a fractional power of a Decimal stays exact to 28 digits, a float
    # would put binary noise into the cents.
    factor = (1 + Decimal(rate_percent) / 100) ** (Decimal(months_after) / 12)
    return round_cents(amount / factor)


@dataclass(frozen=True)
class Projection:
    """A werkwijze's projected cost per calendar month after the case, nominal and
    discounted; month 1 is the month after the case's last."""

    months: tuple[date, ...]
    amounts: tuple[Decimal, ...]
    present_values: tuple[Decimal, ...]
    rate_percent: Decimal
    horizon_years: int

    @property
    def total(self) -> Decimal:
        return sum(self.amounts, ZERO)

    @property
    def present_value(self) -> Decimal:
        return sum(self.present_values, ZERO)


def project(
    lines: Iterable[Line],
    last: date,
    horizon_years: int,
    rate_percent: Decimal = DEFAULT_DISCOUNT_RATE,
) -> Projection:
    """The projection of ``lines`` for ``horizon_years`` after a case whose last day is
    ``last``: each month the recurring cost of the case's last month."""
    if not 0 <= horizon_years <= MAX_HORIZON_YEARS:
        raise ValueError(f"horizon {horizon_years} is not within 0..{MAX_HORIZON_YEARS} years")
    if rate_percent < 0:
        raise ValueError(f"discount rate {rate_percent} is negative")
    last_month = first_of_month(last)
    per_month = recurring_per_month(lines, last_month) if horizon_years else ZERO
    axis, month = [], last_month
    for _ in range(horizon_years * 12):
        month = next_month(month)
        axis.append(month)
    amounts = tuple(per_month for _ in axis)
    present_values = tuple(
        present_value(amount, index, rate_percent) for index, amount in enumerate(amounts, 1)
    )
    return Projection(tuple(axis), amounts, present_values, rate_percent, horizon_years)


def projection_sentence(name: str, projection: Projection) -> str:
    """As a chair reads it out, saying it is projected; "" when there is no projection."""
    if not projection.horizon_years:
        return ""
    start = f"Geprojecteerd: als {name} na de casus doorloopt zoals in de laatste maand,"
    if not any(projection.amounts):
        return (
            f"{start} kost die werkwijze na de casus niets meer: er loopt geen terugkerende "
            "ondersteuning door."
        )
    years = dutch.units(dutch.number(projection.horizon_years), "jaar")
    sentence = f"{start} kost die werkwijze in {years} nog {dutch.euro(projection.total)}"
    if not projection.rate_percent:
        return sentence + "."
    return (
        f"{sentence} (contante waarde bij {dutch.percent(projection.rate_percent)} per jaar: "
        f"{dutch.euro(projection.present_value)})."
    )
