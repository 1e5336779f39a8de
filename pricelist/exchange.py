"""Export of a price list version as .xlsx or CSV in the ``prijslijst`` sheet's form — the
form :func:`pricelist.sheet.import_price_list` reads back, so export → import gives the same
items. Writing goes through the workbook's own writer; nothing here touches openpyxl."""

import tempfile
from pathlib import Path

from lib.sheets import files, schema
from pricelist.models import PriceList
from pricelist.sheet import price_rows

SUFFIXES = ("xlsx", "csv")


def price_list_table(price_list: PriceList) -> files.Table:
    columns = list(schema.columns(schema.PRIJSLIJST))
    return files.Table(schema.PRIJSLIJST, columns, price_rows(price_list))


def export_price_list(price_list: PriceList, suffix: str) -> bytes:
    """The file's content: an xlsx with one sheet ``prijslijst``, or that sheet as CSV."""
    if suffix not in SUFFIXES:
        raise ValueError(f"unknown suffix {suffix!r}")
    table = price_list_table(price_list)
    with tempfile.TemporaryDirectory() as folder:
        if suffix == "xlsx":
            path = Path(folder) / "prijslijst.xlsx"
            files.write_tables([table], path)
            return path.read_bytes()
        # A path without .xlsx or .zip is written as a folder of CSV files, one per sheet.
        files.write_tables([table], Path(folder))
        return (Path(folder) / f"{schema.PRIJSLIJST}.csv").read_bytes()
