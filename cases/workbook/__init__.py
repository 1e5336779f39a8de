"""The evaluation workbook (DESIGN §5): import and export of a whole evaluation.

The sheets themselves are read and written by :mod:`lib.sheets` and the ``prijslijst`` sheet
by :mod:`pricelist.sheet`; this package turns them into an evaluation and back. An import is
all or nothing and reports every problem at once as :class:`WorkbookError` ``.messages``.
"""

from cases.workbook.exporter import export_workbook, workbook_tables
from cases.workbook.importer import import_workbook
from lib.sheets.errors import WorkbookError
from pricelist.sheet import import_price_list

__all__ = [
    "WorkbookError",
    "export_workbook",
    "import_price_list",
    "import_workbook",
    "workbook_tables",
]
