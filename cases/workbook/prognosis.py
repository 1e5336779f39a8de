"""The prognose in the evaluation workbook: optional columns, written by export only when
some case uses them, so that every workbook without a prognose imports and exports exactly
as before.

- ``casussen``: ``fase`` (prognose | gerealiseerd; empty is gerealiseerd, as every case was
  before prognoses existed), ``besluit``, ``besluit_door`` (a role or body, never a name),
  ``besluit_datum`` and ``besluit_bedrag``: the decision the prognose was made for.
- ``tijdlijn``: ``prognose`` (ja on every row of an item of the kept forecast of a realised
  prognose, cases.prognosis; such items count in no figure of the case but the forecast's).

Columns on the existing sheets rather than a sheet of their own: the decision belongs to the
case, and an item can only be pointed at from its own rows (most items have no label).
"""

from __future__ import annotations

from cases.models import Case, CaseStage, TimelineItem
from lib.sheets import schema
from lib.sheets.cells import format_money
from lib.sheets.rows import MONEY, RowReader

CASE_COLUMNS = schema.CASE_PROGNOSIS
ITEM_COLUMN = schema.TIMELINE_PROGNOSIS


def case_cells(case: Case) -> list[str]:
    """The casussen sheet's prognose cells of ``case``, in :data:`CASE_COLUMNS` order."""
    return [
        CaseStage.FORECAST.value if case.stage == CaseStage.FORECAST else "",
        case.decision,
        case.decided_by,
        case.decided_on.isoformat() if case.decided_on else "",
        format_money(case.decided_amount),
    ]


def read_case(reader: RowReader) -> dict:
    """The Case fields of a casussen row's prognose cells (all empty: the defaults)."""
    stage = reader.choice("fase", CaseStage.values, "fase") or CaseStage.REALISED
    return {
        "stage": stage,
        "decision": reader.text("besluit", max_length=5000),
        "decided_by": reader.text("besluit_door", max_length=200),
        "decided_on": reader.date("besluit_datum"),
        "decided_amount": reader.decimal("besluit_bedrag", MONEY),
    }


def item_cell(item: TimelineItem) -> str:
    return "ja" if item.is_forecast else ""


def read_item(reader: RowReader) -> bool:
    return reader.yes_no(ITEM_COLUMN, default=False)
