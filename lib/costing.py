"""The costing engine: the rules of DESIGN §4, in plain Python.

No Django here. Models hand in frozen dataclasses, the engine hands back frozen dataclasses.
Money is ``Decimal`` throughout and a line's cost is rounded exactly once, in
:func:`round_cents`; every total is a sum of rounded line costs, so a total always equals the
sum of the lines shown under it.

A *scenario* is what users call a werkwijze: one way of working whose timeline is costed.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

ZERO = Decimal("0.00")
CENT = Decimal("0.01")

HOUR_UNIT = "uur"

# Counts (aantal, personen, keer) keep this many decimals, so that a third of an hour is exact
# enough: 3 × 0,33333333 uur.
QUANTITY_PLACES = 8

# Length of one period of a frequency, in days. A month is a twelfth of an average year.
PERIOD_DAYS: Mapping[str, Decimal] = {
    "dag": Decimal(1),
    "week": Decimal(7),
    "maand": Decimal("365.25") / 12,
    "jaar": Decimal("365.25"),
}
FREQUENCIES = tuple(PERIOD_DAYS)

# The financier key of a line that stands for several financiers together (a lump-sum estimate
# of a whole course, not divided over who pays): counted apart under this key, never under the
# financier it is booked on. Financier codes are slugs, so this one cannot collide.
UNDIVIDED = "(niet verdeeld)"


def round_cents(amount: Decimal) -> Decimal:
    """Round to whole cents, half up: the one rounding a cost line goes through."""
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def inclusive_days(start: date, end: date) -> int:
    """Days in the period, counting both the first and the last day."""
    if end < start:
        raise ValueError(f"end {end} is before start {start}")
    return (end - start).days + 1


@dataclass(frozen=True)
class Line:
    """One cost line of a support item, with the item's period.

    ``price`` and ``unit`` come from the price item (if any); ``rate_override`` (the tarief)
    replaces the price;
    a ``fixed_amount`` replaces the whole computation and counts no hours.
    """

    start: date
    end: date
    price_code: str = ""
    unit: str = ""
    price: Decimal | None = None
    quantity: Decimal = Decimal(1)
    persons: Decimal = Decimal(1)
    times: Decimal = Decimal(1)
    frequency: str = ""
    rate_override: Decimal | None = None
    fixed_amount: Decimal | None = None
    financier: str = ""
    scenario: str = ""
    is_intervention: bool = False
    # A one-off payment: over time it falls on the start day, not spread over the period
    # (lib.timecourse); its cost is the same either way.
    one_off: bool = False

    def __post_init__(self):
        if self.frequency and self.frequency not in PERIOD_DAYS:
            raise ValueError(f"unknown frequency {self.frequency!r}")
        if self.end < self.start:
            raise ValueError(f"end {self.end} is before start {self.start}")

    @property
    def is_fixed(self) -> bool:
        return self.fixed_amount is not None

    @property
    def effective_rate(self) -> Decimal | None:
        return self.rate_override if self.rate_override is not None else self.price

    @property
    def occurrences(self) -> Decimal:
        if not self.frequency:
            return self.times
        days = Decimal(inclusive_days(self.start, self.end))
        return self.times * days / PERIOD_DAYS[self.frequency]

    @property
    def cost(self) -> Decimal:
        if self.fixed_amount is not None:
            return round_cents(self.fixed_amount)
        rate = self.effective_rate
        if rate is None:
            raise ValueError("a priced line needs a price item price or a rate override")
        return round_cents(rate * self.units)

    @property
    def units(self) -> Decimal:
        """How many of the price item's unit the line counts: quantity × persons ×
        occurrences, not rounded (hours, when the unit is uur)."""
        return self.quantity * self.persons * self.occurrences

    @property
    def hours(self) -> Decimal:
        """Hours this line counts for its discipline (zero unless priced per hour), not
        rounded: hours are added up per price item first, then rounded to hundredths once."""
        if self.is_fixed or self.unit != HOUR_UNIT:
            return ZERO
        return self.units


def difference(reference: Decimal, amount: Decimal) -> Decimal:
    """Verschil: the reference's amount minus this werkwijze's (positive is a saving). The one
    place the rule is written; every verschil, of totals, per financier or netted per price,
    is this subtraction."""
    return reference - amount


def item_cost(lines: Iterable[Line]) -> Decimal:
    """A timeline item's cost: the sum of its lines' rounded costs, as every total is."""
    return sum((line.cost for line in lines), ZERO)


@dataclass(frozen=True)
class ScenarioFigures:
    total: Decimal = ZERO
    intervention_subtotal: Decimal = ZERO  # the items flagged as intervention
    hours: Mapping[str, Decimal] = field(default_factory=dict)
    by_financier: Mapping[str, Decimal] = field(default_factory=dict)


@dataclass(frozen=True)
class CaseFigures:
    """Per scenario code: its figures and its verschil against the reference."""

    scenarios: tuple[str, ...]
    reference: str
    figures: Mapping[str, ScenarioFigures]

    def total(self, scenario: str) -> Decimal:
        return self.figures[scenario].total

    def intervention_subtotal(self, scenario: str) -> Decimal:
        return self.figures[scenario].intervention_subtotal

    def difference(self, scenario: str) -> Decimal:
        """Verschil: reference total minus this scenario's total (positive is a saving)."""
        return difference(self.figures[self.reference].total, self.figures[scenario].total)

    def financiers(self) -> list[str]:
        """Every financier code that pays something in some scenario, sorted."""
        return sorted({code for f in self.figures.values() for code in f.by_financier})

    def paid_by(self, scenario: str, financier: str) -> Decimal:
        return self.figures[scenario].by_financier.get(financier, ZERO)

    def financier_difference(self, scenario: str, financier: str) -> Decimal:
        """The verschil of what one financier pays: the reference's minus this scenario's."""
        return difference(
            self.paid_by(self.reference, financier), self.paid_by(scenario, financier)
        )

    def divides(self, scenario: str) -> bool:
        """Whether the verschil of ``scenario`` can be told per financier: not when it or the
        reference holds an undivided amount, because nobody knows whose share of that sum
        each financier's own amount should be set against."""
        return not any(self.paid_by(code, UNDIVIDED) for code in {self.reference, scenario})

    @property
    def totals(self) -> dict[str, Decimal]:
        return {code: self.total(code) for code in self.scenarios}

    @property
    def intervention_subtotals(self) -> dict[str, Decimal]:
        return {code: self.intervention_subtotal(code) for code in self.scenarios}

    @property
    def differences(self) -> dict[str, Decimal]:
        return {code: self.difference(code) for code in self.scenarios}


def _sorted_sums(sums: Mapping[str, Decimal]) -> dict[str, Decimal]:
    return {key: sums[key] for key in sorted(sums)}


def scenario_figures(lines: Iterable[Line]) -> ScenarioFigures:
    """Total, intervention subtotal, hours per price code and cost per financier."""
    total = ZERO
    intervention = ZERO
    hours: defaultdict[str, Decimal] = defaultdict(lambda: ZERO)
    by_financier: defaultdict[str, Decimal] = defaultdict(lambda: ZERO)
    for line in lines:
        cost = line.cost
        total += cost
        if line.is_intervention:
            intervention += cost
        by_financier[line.financier] += cost
        if line.unit == HOUR_UNIT and not line.is_fixed and line.price_code:
            hours[line.price_code] += line.hours
    rounded_hours = {code: round_cents(sum_) for code, sum_ in hours.items()}
    return ScenarioFigures(
        total, intervention, _sorted_sums(rounded_hours), _sorted_sums(by_financier)
    )


def case_figures(scenarios: Iterable[str], reference: str, lines: Iterable[Line]) -> CaseFigures:
    """Figures of one case: every scenario, also those without lines."""
    codes = tuple(scenarios)
    if reference not in codes:
        raise ValueError(f"reference {reference!r} is not one of the scenarios {codes}")
    grouped: dict[str, list[Line]] = {code: [] for code in codes}
    for line in lines:
        if line.scenario not in grouped:
            raise ValueError(f"line of unknown scenario {line.scenario!r}")
        grouped[line.scenario].append(line)
    figures = {code: scenario_figures(grouped[code]) for code in codes}
    return CaseFigures(codes, reference, figures)


def _add_sums(into: defaultdict[str, Decimal], sums: Mapping[str, Decimal]) -> None:
    for key, value in sums.items():
        into[key] += value


def total_figures(
    cases: Iterable[CaseFigures], scenarios: Iterable[str], reference: str
) -> CaseFigures:
    """Cross-case totals: per scenario the sum over cases, as one :class:`CaseFigures`."""
    codes = tuple(scenarios)
    totals = dict.fromkeys(codes, ZERO)
    interventions = dict.fromkeys(codes, ZERO)
    hours = {code: defaultdict(lambda: ZERO) for code in codes}
    by_financier = {code: defaultdict(lambda: ZERO) for code in codes}
    for case in cases:
        for code in codes:
            figures = case.figures[code]
            totals[code] += figures.total
            interventions[code] += figures.intervention_subtotal
            _add_sums(hours[code], figures.hours)
            _add_sums(by_financier[code], figures.by_financier)
    figures = {
        code: ScenarioFigures(
            totals[code],
            interventions[code],
            _sorted_sums(hours[code]),
            _sorted_sums(by_financier[code]),
        )
        for code in codes
    }
    return CaseFigures(codes, reference, figures)
