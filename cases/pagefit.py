"""Which cases' one-page summaries will not fit their page, told to the effectencalculateur
before the PDF is made: on the evaluation page, the report page, the declare-final screen and
the case's narrative edit screen. The counting is lib.pagefit's; here the rows of the summary
as templates/reports/_case.html lays them out."""

from __future__ import annotations

from dataclasses import dataclass

from cases.models import Case, Evaluation
from lib import pagefit
from lib.dutch import number

# The effect rows of the summary, in its order (as reports.content.EFFECT_FIELDS).
EFFECTS = ("quality_of_life", "informal_support", "integrated_work", "improvements")


@dataclass(frozen=True)
class TooLong:
    case: Case
    overflow: pagefit.Overflow

    @property
    def field(self) -> str:
        return self.overflow.longest.label

    @property
    def message(self) -> str:
        return (
            f"De samenvatting van casus {self.case.code} ({self.case.title}) past niet op één "
            f"pagina: het veld ‘{self.field}’ is het langst. Kort de tekst met ongeveer "
            f"{number(self.overflow.excess_chars)} tekens in, of verdeel hem over de andere "
            "velden."
        )


def _label(name: str) -> str:
    return str(Case._meta.get_field(name).verbose_name)


def summary_rows(case: Case, compared: int) -> list[pagefit.Row]:
    """The rows of the case's summary; ``compared``: the werkwijzen beside the reference,
    each with a row of its own (the first holds the intervention text)."""
    rows = [pagefit.Row("approach", _label("approach"), case.approach)]
    for n in range(max(compared, 1)):
        # Label and scenario name, and the amounts "interventie" and "totale traject".
        text = case.intervention if n == 0 else ""
        rows.append(pagefit.Row("intervention", _label("intervention"), text, min_lines=2))
    rows.append(
        pagefit.Row(
            "without_intervention",
            _label("without_intervention"),
            case.without_intervention,
            min_lines=2,
        )
    )
    # The reference row: one sentence, and one verschil per werkwijze.
    rows.append(pagefit.Row("reference", "referentie", min_lines=max(2, compared)))
    rows.append(pagefit.Row("effects", "het effect van de interventie", min_lines=1))
    rows += [pagefit.Row(name, _label(name), getattr(case, name), wide=True) for name in EFFECTS]
    return rows


def too_long(case: Case, compared: int) -> TooLong | None:
    found = pagefit.overflow(summary_rows(case, compared))
    return TooLong(case, found) if found else None


def overflowing_summaries(evaluation: Evaluation, case: Case | None = None) -> list[TooLong]:
    """The cases of the evaluation (or ``case`` alone) whose summary will not fit a page."""
    compared = evaluation.scenarios.filter(is_reference=False).count()
    cases = [case] if case is not None else evaluation.cases.all()
    return [found for c in cases if (found := too_long(c, compared))]
