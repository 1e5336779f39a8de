"""How firm a figure is: ranges from the hardness of the prices, the aanname share, and the
switching value. Pure Python, no Django: models hand in :class:`FirmLine` objects (a
:class:`lib.costing.Line` plus its hardness), this module hands back frozen dataclasses.

**Hardness and margins.** Every line has a hardness: ``hard`` (a published tariff, or a fixed
amount that was actually paid), ``onderbouwd`` (a reasoned estimate) or ``aanname`` (an
assumption). The evaluation sets a margin per hardness in percent either way (defaults
:data:`DEFAULT_MARGINS`: 0, 15 and 40). A line whose hardness nobody recorded counts as
``aanname``: what is not known to be firm is shown as loose, and the aanname share says so.

**A fixed amount without a hardness is an aanname** (:data:`FIXED_AMOUNT_HARDNESS`). A fixed
amount is as often a guess at a whole course ("the course without the intervention would have
cost about € 261.377") as an invoice that was paid, and nothing on the line tells the two
apart: not the werkwijze (a third werkwijze beside the reference is as hypothetical as the
reference, and an actual course may hold estimates too), not the size. So the one rule that
never claims a certainty nobody gave is the rule for every unmarked figure: aanname, until
someone marks the line hard (an amount actually paid) or onderbouwd.

**Ranges.** A line's margin is ``round_cents(|cost| × margin / 100)``; low and high are its cost
minus and plus that margin. A total's range is the sum of its lines' ranges, so that — as in
:mod:`lib.costing` — a total always equals the sum of the figures under it. The absolute
value keeps low ≤ high for a negative amount (a refund).

**Range of a verschil.** A price is one number, wrong by the same amount wherever it is used.
So lines of the reference and of the werkwijze that share a price (same price code, rate and
hardness) are netted first; each net amount then gets its margin, and the verschil's margin is
the sum of those. A fixed amount is its own price. This is the widest verschil that the margins
allow when every price is off in its own direction.

**Aanname share.** The part of a total whose lines are ``aanname`` (or unmarked), as a whole
percentage of the total; none for a total that is not positive.

**Switching value.** For a werkwijze W compared with the reference R, with verschil
``D = total(R) − total(W)``: per price item (or per fixed amount, by the item's description),
the *avoided* cost and units are those of R minus those of W; the costliest avoided item A has
``U`` avoided units at ``c = avoided cost / U`` per unit (for a fixed amount the unit is a euro).
If only ``x`` of those ``U`` units would really have happened without the intervention, the
verschil would be ``D − (U − x) × c``; it breaks even at ``x = U − D / c``. That ``x`` is the
switching value: how much of A the intervention must prevent to pay for itself. At or below
zero it pays for itself whatever it prevents of A; above ``U`` it does not even if it prevents
all of A. The sentence rounds ``x`` *up* to one decimal (whole euros for an amount), because it
is a minimum.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal

from lib import dutch
from lib.costing import ZERO, Line, difference, round_cents

HARD = "hard"
ONDERBOUWD = "onderbouwd"
AANNAME = "aanname"
HARDNESSES = (HARD, ONDERBOUWD, AANNAME)
# What an unmarked fixed amount counts as; see the module docstring.
FIXED_AMOUNT_HARDNESS = AANNAME

HUNDRED = Decimal(100)


@dataclass(frozen=True)
class Margins:
    """Per hardness how far a price may be off, in percent either way."""

    hard: Decimal = Decimal(0)
    onderbouwd: Decimal = Decimal(15)
    aanname: Decimal = Decimal(40)

    def __post_init__(self):
        for hardness in HARDNESSES:
            value = getattr(self, hardness)
            if not ZERO <= value <= HUNDRED:
                raise ValueError(f"margin {hardness} must be 0–100 %, not {value}")

    def of(self, hardness: str) -> Decimal:
        """The margin of a hardness; an unmarked one ('') counts as aanname."""
        return getattr(self, hardness or AANNAME)

    def items(self) -> list[tuple[str, Decimal]]:
        """(hardness, percent) in the order hard, onderbouwd, aanname — for a legend."""
        return [(hardness, getattr(self, hardness)) for hardness in HARDNESSES]


DEFAULT_MARGINS = Margins()


@dataclass(frozen=True)
class FirmLine:
    """A cost line with how firm it is, and the names the switching sentence needs."""

    line: Line
    hardness: str = ""  # empty: nobody said; counts as aanname
    name: str = ""  # the price item's name, for a priced line
    description: str = ""  # the timeline item's description, for a fixed amount

    def __post_init__(self):
        if self.hardness and self.hardness not in HARDNESSES:
            raise ValueError(f"unknown hardness {self.hardness!r}")

    @property
    def effective_hardness(self) -> str:
        return self.hardness or AANNAME

    @property
    def cost(self) -> Decimal:
        return self.line.cost


@dataclass(frozen=True)
class Range:
    """Low – central – high of an amount, in cents."""

    low: Decimal = ZERO
    central: Decimal = ZERO
    high: Decimal = ZERO

    def __add__(self, other: Range) -> Range:
        return Range(self.low + other.low, self.central + other.central, self.high + other.high)

    @property
    def is_exact(self) -> bool:
        return self.low == self.high


def margin_amount(amount: Decimal, percent: Decimal) -> Decimal:
    """How far ``amount`` may be off at ``percent``: rounded to cents, never negative."""
    return round_cents(abs(amount) * percent / HUNDRED)


def spread(central: Decimal, margin: Decimal) -> Range:
    return Range(central - margin, central, central + margin)


def line_range(line: FirmLine, margins: Margins = DEFAULT_MARGINS) -> Range:
    cost = line.cost
    return spread(cost, margin_amount(cost, margins.of(line.hardness)))


def total_range(lines: Iterable[FirmLine], margins: Margins = DEFAULT_MARGINS) -> Range:
    """The sum of the lines' ranges."""
    return sum((line_range(line, margins) for line in lines), Range())


def aanname_amount(lines: Iterable[FirmLine]) -> Decimal:
    """The part of the total that rests on aanname (or unmarked) prices."""
    return sum((line.cost for line in lines if line.effective_hardness == AANNAME), ZERO)


def share_percent(part: Decimal, total: Decimal) -> Decimal | None:
    """``part`` as a whole percentage of ``total``; None when the total is not positive."""
    if total <= ZERO:
        return None
    return (part * HUNDRED / total).quantize(Decimal(1), rounding=ROUND_HALF_UP)


def _price_key(index: int, line: FirmLine) -> Hashable:
    """Lines that share a price move together; a fixed amount is a price of its own."""
    if line.line.is_fixed:
        return ("bedrag", index)
    return ("prijs", line.line.price_code, line.line.effective_rate, line.effective_hardness)


def total_cost(lines: Iterable[FirmLine]) -> Decimal:
    return sum((line.cost for line in lines), ZERO)


def difference_range(
    reference: Sequence[FirmLine], scenario: Sequence[FirmLine], margins: Margins = DEFAULT_MARGINS
) -> Range:
    """Range of the verschil (reference − werkwijze), shared prices netted first."""
    net: defaultdict[Hashable, Decimal] = defaultdict(lambda: ZERO)
    hardness: dict[Hashable, str] = {}
    for sign, lines, offset in ((1, reference, 0), (-1, scenario, len(reference))):
        for index, line in enumerate(lines):
            key = _price_key(offset + index, line)
            net[key] += sign * line.cost
            hardness[key] = line.effective_hardness
    central = difference(total_cost(reference), total_cost(scenario))
    margin = sum(
        (margin_amount(amount, margins.of(hardness[k])) for k, amount in net.items()), ZERO
    )
    return spread(central, margin)


def difference_sentence(verschil: Range, fmt) -> str:
    """How firm a verschil is, in words a council member reads: its range and whether the
    margins could turn a saving into extra cost (or back). ``fmt`` writes an amount."""
    low, central, high = verschil.low, verschil.central, verschil.high
    if verschil.is_exact:
        return (
            f"Het verschil van {fmt(central)} rust alleen op harde prijzen en bedragen; "
            "er is geen bandbreedte."
        )
    between = f"Binnen de marges ligt het verschil tussen {fmt(low)} en {fmt(high)}"
    if low > ZERO:
        return f"{between}: in elk geval een besparing."
    if high < ZERO:
        return f"{between}: in elk geval meerkosten."
    if central > ZERO:
        return (
            f"{between}. Het middelste bedrag is een besparing, maar binnen de marges kunnen "
            "het ook meerkosten zijn: de richting staat niet vast."
        )
    if central < ZERO:
        return (
            f"{between}. Het middelste bedrag zijn meerkosten, maar binnen de marges kan het "
            "ook een besparing zijn: de richting staat niet vast."
        )
    return f"{between}: de richting staat niet vast."


def aanname_sentence(name: str, scenario: ScenarioFirmness) -> str:
    """ "Van het totaal van Zonder VD rust 100 % op aannames." — or that none of it does."""
    percent = scenario.aanname_percent
    if not scenario.aanname:
        return f"Het totaal van {name} rust op geen enkele aanname."
    if percent is None:
        return f"Een deel van het totaal van {name} rust op aannames."
    return f"Van het totaal van {name} rust {percent} % op aannames."


# Switching value --------------------------------------------------------------------------


@dataclass(frozen=True)
class AvoidedItem:
    """What the reference has more of than the werkwijze: a price item's units, or a fixed
    amount (``unit`` empty, ``units`` in euros)."""

    name: str
    unit: str
    units: Decimal
    cost: Decimal

    @property
    def is_amount(self) -> bool:
        return not self.unit

    @property
    def unit_cost(self) -> Decimal:
        return self.cost / self.units

    def number(self, units: Decimal, rounding=ROUND_HALF_UP) -> str:
        """ "3,2" of a unit, "€ 1.700" of an amount."""
        return (
            dutch.euro(units, rounding)
            if self.is_amount
            else dutch.format_number(units, 1, rounding, trim=True)
        )

    def quantity(self, units: Decimal, rounding=ROUND_HALF_UP) -> str:
        """ "12 maanden", "1 traject", "€ 1.500"."""
        text = self.number(units, rounding)
        if self.is_amount:
            return text
        return dutch.units(text, self.unit)

    @property
    def _is_one(self) -> bool:
        return not self.is_amount and self.number(self.units) == "1"

    @property
    def the_whole(self) -> str:
        """ "de 12 maanden Pleeggezin", "het traject GGZ", "de € 81.919 aan ‘Verloop’"."""
        if self.is_amount:
            return f"de {self.quantity(self.units)} aan ‘{self.name}’"
        if self._is_one:
            return f"{dutch.UNIT_ARTICLES.get(self.unit, 'de')} {self.unit} {self.name}"
        return f"de {self.quantity(self.units)} {self.name}"

    @property
    def all_of_it(self) -> str:
        """ "alle 12 maanden Pleeggezin", "het hele traject GGZ", "de hele € 1.500 aan …"."""
        if self.is_amount:
            return f"de hele {self.quantity(self.units)} aan ‘{self.name}’"
        if self._is_one:
            return f"{dutch.UNIT_ARTICLES.get(self.unit, 'de')} hele {self.unit} {self.name}"
        return f"alle {self.quantity(self.units)} {self.name}"


@dataclass(frozen=True)
class SwitchingValue:
    """How much of the costliest avoided item the intervention must prevent to break even;
    see the module docstring for the definition."""

    difference: Decimal
    item: AvoidedItem

    @property
    def needed(self) -> Decimal:
        """The break-even amount ``U − D / c`` of the item's units (unrounded)."""
        return self.item.units - self.difference / self.item.unit_cost

    @property
    def sentence(self) -> str:
        """The switching value as a chair reads it out in the session."""
        item, needed = self.item, self.needed
        if needed <= ZERO:
            return (
                f"De interventie verdient zich terug, ook als zij niets van {item.the_whole} "
                "voorkomt."
            )
        if needed <= item.units:
            minimum = item.number(needed, ROUND_CEILING)
            return (
                f"De interventie verdient zich terug als zij ten minste {minimum} van "
                f"{item.the_whole} voorkomt."
            )
        minimum = item.quantity(needed, ROUND_CEILING)
        return (
            f"De interventie verdient zich niet terug, ook niet als zij {item.all_of_it} "
            f"voorkomt; daarvoor zou zij ten minste {minimum} moeten voorkomen."
        )


def _avoided_key(line: FirmLine) -> tuple:
    if line.line.is_fixed:
        return ("bedrag", line.description)
    return ("prijs", line.line.price_code, line.line.unit)


def _units(line: FirmLine) -> Decimal:
    if line.line.is_fixed:
        return line.cost
    return line.line.units


def costliest_avoided(
    reference: Iterable[FirmLine], scenario: Iterable[FirmLine]
) -> AvoidedItem | None:
    """The item the reference spends most on beyond what the werkwijze spends on it."""
    cost: defaultdict[tuple, Decimal] = defaultdict(lambda: ZERO)
    units: defaultdict[tuple, Decimal] = defaultdict(lambda: ZERO)
    names: dict[tuple, str] = {}
    for sign, lines in ((1, reference), (-1, scenario)):
        for line in lines:
            key = _avoided_key(line)
            cost[key] += sign * line.cost
            units[key] += sign * _units(line)
            if sign == 1:
                names[key] = line.description if line.line.is_fixed else line.name
    candidates = [key for key in names if cost[key] > ZERO and units[key] > ZERO]
    if not candidates:
        return None
    # Ties go to the first in a stable order, so that the sentence does not flicker.
    key = max(sorted(candidates), key=lambda k: cost[k])
    name = names[key] or key[1]
    return AvoidedItem(name, "" if key[0] == "bedrag" else key[2], units[key], cost[key])


def switching_value(
    reference: Sequence[FirmLine], scenario: Sequence[FirmLine]
) -> SwitchingValue | None:
    item = costliest_avoided(reference, scenario)
    if item is None:
        return None
    return SwitchingValue(difference(total_cost(reference), total_cost(scenario)), item)


# Per case and per evaluation --------------------------------------------------------------


@dataclass(frozen=True)
class ScenarioFirmness:
    """One werkwijze's total as a range, its aanname part, and against the reference its
    verschil as a range and its switching value (None for the reference itself)."""

    code: str
    name: str
    is_reference: bool
    total: Range
    aanname: Decimal
    difference: Range | None = None
    switching: SwitchingValue | None = None

    @property
    def aanname_percent(self) -> Decimal | None:
        return share_percent(self.aanname, self.total.central)

    def __add__(self, other: ScenarioFirmness) -> ScenarioFirmness:
        """Summed over cases; a sum of switching values means nothing, so none is kept."""
        difference = (
            None if self.difference is None else self.difference + (other.difference or Range())
        )
        return ScenarioFirmness(
            self.code,
            self.name,
            self.is_reference,
            self.total + other.total,
            self.aanname + other.aanname,
            difference,
        )


@dataclass(frozen=True)
class CaseFirmness:
    scenarios: tuple[ScenarioFirmness, ...]

    def of(self, code: str) -> ScenarioFirmness:
        return next(s for s in self.scenarios if s.code == code)

    @property
    def switching_values(self) -> list[ScenarioFirmness]:
        """The werkwijzen that have a switching value, in werkwijze order."""
        return [s for s in self.scenarios if s.switching is not None]


Scenarios = Sequence[tuple[str, str, bool]]  # (code, name, is reference), in werkwijze order


def case_firmness(
    scenarios: Scenarios, lines: Iterable[FirmLine], margins: Margins = DEFAULT_MARGINS
) -> CaseFirmness:
    grouped: dict[str, list[FirmLine]] = {code: [] for code, _, _ in scenarios}
    for line in lines:
        grouped[line.line.scenario].append(line)
    reference = next(code for code, _, is_reference in scenarios if is_reference)
    return CaseFirmness(
        tuple(
            ScenarioFirmness(
                code,
                name,
                is_reference,
                total_range(grouped[code], margins),
                aanname_amount(grouped[code]),
                None
                if is_reference
                else difference_range(grouped[reference], grouped[code], margins),
                None if is_reference else switching_value(grouped[reference], grouped[code]),
            )
            for code, name, is_reference in scenarios
        )
    )


@dataclass(frozen=True)
class EvaluationFirmness:
    """Per case (keyed as the caller keyed them, e.g. by Case object) and summed over cases."""

    margins: Margins
    cases: dict[Hashable, CaseFirmness] = field(default_factory=dict)
    totals: CaseFirmness = field(default_factory=lambda: CaseFirmness(()))

    def rows(self) -> list[tuple[Hashable, CaseFirmness]]:
        """(case key, firmness) in the order the cases were given."""
        return list(self.cases.items())


def evaluation_firmness(
    scenarios: Scenarios,
    cases: Iterable[tuple[Hashable, Iterable[FirmLine]]],
    margins: Margins = DEFAULT_MARGINS,
) -> EvaluationFirmness:
    by_case = {key: case_firmness(scenarios, lines, margins) for key, lines in cases}
    totals = CaseFirmness(
        tuple(
            sum(
                (case.scenarios[index] for case in by_case.values()),
                ScenarioFirmness(
                    code, name, is_reference, Range(), ZERO, None if is_reference else Range()
                ),
            )
            for index, (code, name, is_reference) in enumerate(scenarios)
        )
    )
    return EvaluationFirmness(margins, by_case, totals)
