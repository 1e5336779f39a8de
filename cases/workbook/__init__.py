"""The evaluation workbook (DESIGN §5): import, export and price-list import.

The only place in the project that touches spreadsheet libraries. An import is all or
nothing and reports every problem at once as :class:`WorkbookError` ``.messages``.
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
