"""Outcome scores: the instruments an evaluation can measure its residents' quality of life
with, and how a start and an end score are compared. Pure Python, no Django.

**Instruments.** The Zelfredzaamheid-Matrix (ZRM: 13 domains, 1 acuut … 5 volledig
zelfredzaam, each level named), Positieve Gezondheid (six dimensions, 0–10), or an
evaluation's own domains and whole-number scale. On every scale here a higher score is
better, so "improved" is always "end above start".

**Scores stay scores.** Nothing here (or anywhere) turns a score into euros: a change is
counted (improved, same, worse) and averaged, never priced. The mean change is a plain
average of whole-number steps, rounded to one decimal, and only means something within one
instrument.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

ZRM = "zrm"
POSITIVE_HEALTH = "positieve-gezondheid"
OWN = "eigen"

# The largest own scale: wide enough for 0–100 percentages, small enough for a grid cell.
OWN_SCALE_LIMIT = 100
MAX_OWN_DOMAINS = 30


@dataclass(frozen=True)
class Instrument:
    code: str
    name: str
    domains: tuple[str, ...]
    scale_min: int
    scale_max: int
    # Names of the levels, from scale_min upward; empty when the levels have no names.
    levels: tuple[str, ...] = ()

    def level_name(self, score: int | None) -> str:
        if score is None or not self.levels:
            return ""
        index = score - self.scale_min
        return self.levels[index] if 0 <= index < len(self.levels) else ""


ZRM_INSTRUMENT = Instrument(
    code=ZRM,
    name="Zelfredzaamheid-Matrix (ZRM)",
    domains=(
        "Financiën",
        "Werk & opleiding",
        "Tijdsbesteding",
        "Huisvesting",
        "Huiselijke relaties",
        "Geestelijke gezondheid",
        "Lichamelijke gezondheid",
        "Middelengebruik",
        "Basale ADL",
        "Instrumentele ADL",
        "Sociaal netwerk",
        "Maatschappelijke participatie",
        "Justitie",
    ),
    scale_min=1,
    scale_max=5,
    levels=(
        "acuut",
        "niet zelfredzaam",
        "beperkt zelfredzaam",
        "voldoende zelfredzaam",
        "volledig zelfredzaam",
    ),
)

POSITIVE_HEALTH_INSTRUMENT = Instrument(
    code=POSITIVE_HEALTH,
    name="Positieve Gezondheid",
    domains=(
        "Lichaamsfuncties",
        "Mentaal welbevinden",
        "Zingeving",
        "Kwaliteit van leven",
        "Meedoen",
        "Dagelijks functioneren",
    ),
    scale_min=0,
    scale_max=10,
)

STANDARD = {ZRM: ZRM_INSTRUMENT, POSITIVE_HEALTH: POSITIVE_HEALTH_INSTRUMENT}


def own_instrument(domains: tuple[str, ...], scale_min: int, scale_max: int) -> Instrument:
    return Instrument(OWN, "Eigen domeinen en schaal", tuple(domains), scale_min, scale_max)


def parse_domains(text: str) -> tuple[tuple[str, ...], str]:
    """Own domains typed one per line: (the names, a Dutch problem or "")."""
    names = [line.strip() for line in text.splitlines() if line.strip()]
    if not names:
        return (), "Noem minstens één domein, één per regel."
    if len(names) > MAX_OWN_DOMAINS:
        return (), f"Hoogstens {MAX_OWN_DOMAINS} domeinen."
    if too_long := [name for name in names if len(name) > 100]:
        return (), f"“{too_long[0][:40]}…” is langer dan 100 tekens."
    seen: set[str] = set()
    for name in names:
        if name.casefold() in seen:
            return (), f"“{name}” staat er twee keer in."
        seen.add(name.casefold())
    return tuple(names), ""


def scale_problem(scale_min: int | None, scale_max: int | None) -> str:
    """A Dutch sentence when an own scale cannot be used; "" when it can."""
    if scale_min is None or scale_max is None:
        return "Vul de laagste en de hoogste score in."
    if scale_min >= scale_max:
        return "De hoogste score moet hoger zijn dan de laagste."
    if scale_min < -OWN_SCALE_LIMIT or scale_max > OWN_SCALE_LIMIT:
        return f"De schaal ligt tussen −{OWN_SCALE_LIMIT} en {OWN_SCALE_LIMIT}."
    return ""


def parse_score(text: str, scale_min: int, scale_max: int) -> tuple[int | None, str]:
    """A typed score: (the score or None for an empty cell, a Dutch problem or "")."""
    text = text.strip()
    if not text:
        return None, ""
    try:
        score = int(text)
    except ValueError:
        return None, f"Een score is een heel getal van {scale_min} tot en met {scale_max}."
    if not scale_min <= score <= scale_max:
        return None, f"{score} ligt buiten de schaal {scale_min}–{scale_max}."
    return score, ""


@dataclass(frozen=True)
class OutcomeChange:
    """Of a set of domain scores: how many have both a start and an end (``scored``), and of
    those how many went up, stayed and went down; the mean step, or None with nothing
    scored."""

    scored: int
    improved: int
    same: int
    worsened: int
    mean_change: Decimal | None


def compare(pairs) -> OutcomeChange:
    """Counts of (start, end) pairs; a pair with either side missing is not counted."""
    steps = [end - start for start, end in pairs if start is not None and end is not None]
    mean = None
    if steps:
        mean = (Decimal(sum(steps)) / len(steps)).quantize(Decimal("0.1"), ROUND_HALF_UP)
    return OutcomeChange(
        scored=len(steps),
        improved=sum(step > 0 for step in steps),
        same=sum(step == 0 for step in steps),
        worsened=sum(step < 0 for step in steps),
        mean_change=mean,
    )
