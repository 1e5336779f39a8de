"""The rules a case and its timeline items obey, in one place.

The entry form, the case forms and the workbook import all ask these functions and put the
answer where their user looks: at the form's field, or at the sheet, row and column of an
import. Each answers None when the rule holds, else its Dutch wording (lower case, without a
full stop, so that it reads inside a longer message too; :func:`sentence` makes it one).

A *warning* is a rule that may be broken on purpose: the item is saved, and the notulist is
told where they look (the line's cost preview while typing, the notice after saving).
"""

from __future__ import annotations

from datetime import date

from cases.models import ItemKind

END_BEFORE_START = "de einddatum ligt vóór de startdatum"
EVENT_WITH_COSTS = "een gebeurtenis heeft geen kostenregels"
SUPPORT_WITHOUT_COSTS = "ondersteuning heeft minstens één prijsitem of vast bedrag"
ONE_OFF_WITH_FREQUENCY = "een eenmalige betaling heeft geen frequentie"


def period_problem(start: date | None, end: date | None) -> str | None:
    """A case or item may last one day, never less."""
    if start and end and end < start:
        return END_BEFORE_START
    return None


def costs_problem(kind: str, has_costs: bool) -> str | None:
    """An event costs nothing; support costs something (a price item or a fixed amount)."""
    if kind == ItemKind.EVENT and has_costs:
        return EVENT_WITH_COSTS
    if kind == ItemKind.SUPPORT and not has_costs:
        return SUPPORT_WITHOUT_COSTS
    return None


def one_off_problem(one_off: bool, frequency: str) -> str | None:
    """A one-off payment falls on one day; what recurs is not one-off."""
    if one_off and frequency:
        return ONE_OFF_WITH_FREQUENCY
    return None


def one_day_frequency_warning(
    start: date | None, end: date | None, frequency: str, fixed: bool = False
) -> str | None:
    """A frequency spreads its times over the item's period; on an item of one day it counts
    that one day only ("2 keer per week" becomes 2/7 of a time). That is usually a forgotten
    end date rather than what was meant, but not always, so it is a warning, not a refusal.
    A fixed amount is what was paid, whatever its frequency (DESIGN §4): nothing to warn."""
    if frequency and not fixed and start and end and start == end:
        return (
            f"‘per {frequency}’ op een item van één dag telt alleen die ene dag mee; vul een "
            "einddatum in als het langer liep, of laat de frequentie leeg"
        )
    return None


def item_warnings(item) -> list[str]:
    """The warnings of a saved item with its lines, each once."""
    found = (
        one_day_frequency_warning(
            item.start, item.end, line.frequency, line.fixed_amount is not None
        )
        for line in item.lines.all()
    )
    return list(dict.fromkeys(warning for warning in found if warning))


def sentence(problem: str) -> str:
    """The wording as a message of its own: "De einddatum ligt vóór de startdatum."."""
    return problem[:1].upper() + problem[1:] + "."
