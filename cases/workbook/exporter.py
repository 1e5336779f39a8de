"""Exporting an evaluation as a workbook (DESIGN §5) in one canonical form, so that export →
import → export gives the same workbook byte for byte (CSV) or cell for cell (xlsx).

Canonical form: ISO dates; money with a point and two decimals ("1060.00"); quantities with
a point and no trailing zeros ("2.5"), left empty when they are the default 1; ja/nee.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from pathlib import Path

from cases.models import CostLine, Evaluation, ItemKind, TimelineItem
from cases.workbook import prognosis
from cases.workbook.outcome_sheets import outcome_tables
from cases.workbook.session_record import session_table
from lib.sheets import files, schema
from lib.sheets.cells import format_money, format_number
from pricelist.sheet import price_rows


def export_workbook(evaluation: Evaluation, path) -> None:
    """Write the evaluation to ``path``: ``.xlsx``, ``.zip`` of CSVs, or else a folder."""
    files.write_tables(workbook_tables(evaluation), Path(path))


def workbook_tables(evaluation: Evaluation) -> list[files.Table]:
    tables = [
        _table(schema.EVALUATIE, _evaluation_rows(evaluation)),
        _table(schema.WERKWIJZEN, _scenario_rows(evaluation)),
        _table(schema.PRIJSLIJST, price_rows(evaluation.price_list)),
        _case_table(evaluation),
        _timeline_table(evaluation),
    ]
    # Optional: only when some case has a session record.
    if sessions := session_table(evaluation):
        tables.append(sessions)
    tables += outcome_tables(evaluation)  # optional: only with an outcome instrument
    return tables


def _table(name: str, rows: list[list[str]]) -> files.Table:
    return files.Table(name, list(schema.columns(name)), rows)


def _yes_no(value: bool) -> str:
    return "ja" if value else "nee"


def _iso(value) -> str:
    return value.isoformat() if value else ""


def _quantity(number) -> str:
    """Empty for the default 1, so that a fixed amount's row stays uncluttered."""
    return "" if number == 1 else format_number(number)


def _evaluation_rows(evaluation: Evaluation) -> list[list[str]]:
    rows = [
        ["titel", evaluation.title],
        ["opdrachtgever", evaluation.client],
        ["prijslijst", evaluation.price_list.name],
        ["datum", _iso(evaluation.date)],
    ]
    for veld, attribute in schema.EVALUATION_NARRATIVE.items():
        if value := getattr(evaluation, attribute):
            rows.append([veld, value])
    for veld, attribute in schema.EVALUATION_SETTINGS.items():
        value = getattr(evaluation, attribute)
        if value != Evaluation._meta.get_field(attribute).default:
            rows.append([veld, format_number(Decimal(value))])
    rows.extend([str(veld), str(value)] for veld, value in evaluation.extra_fields.items())
    return rows


def _scenario_rows(evaluation: Evaluation) -> list[list[str]]:
    return [
        [s.code, s.name, _yes_no(s.is_reference), str(s.position)]
        for s in evaluation.scenarios.all()
    ]


def _case_table(evaluation: Evaluation) -> files.Table:
    rows = [
        [
            case.code,
            case.title,
            _iso(case.start_date),
            _iso(case.end_date),
            *(getattr(case, attribute) for attribute in schema.CASE_NARRATIVE.values()),
            *(getattr(case, attribute) for attribute in schema.CASE_OPTIONAL.values()),
            *prognosis.case_cells(case),
        ]
        for case in evaluation.cases.all()
    ]
    optional = len(schema.CASE_OPTIONAL) + len(prognosis.CASE_COLUMNS)
    return _without_empty_optional(schema.CASUSSEN, rows, optional)


def _without_empty_optional(sheet: str, rows: list[list[str]], optional: int) -> files.Table:
    """The sheet without those of its last ``optional`` columns that no row fills, so that a
    workbook that never used them keeps the columns it always had."""
    columns = list(schema.columns(sheet))
    first = len(columns) - optional
    dropped = {index for index in range(first, len(columns)) if not any(row[index] for row in rows)}
    keep = [index for index in range(len(columns)) if index not in dropped]
    return files.Table(sheet, [columns[i] for i in keep], [[row[i] for i in keep] for row in rows])


def _timeline_table(evaluation: Evaluation) -> files.Table:
    """The tijdlijn sheet; its optional columns (eenmalig, hardheid, niet_verdeeld) only when
    some line fills them."""
    return _without_empty_optional(
        schema.TIJDLIJN, _timeline_rows(evaluation), len(schema.TIMELINE_OPTIONAL) + 1
    )


def _timeline_rows(evaluation: Evaluation) -> list[list[str]]:
    """Every row with the optional cells last, empty where the line leaves them unset."""
    items = list(
        TimelineItem.objects.filter(case__evaluation=evaluation)
        .select_related("case", "scenario")
        .order_by(
            "case__position", "case__pk", "scenario__position", "scenario__pk", "position", "pk"
        )
    )
    lines = defaultdict(list)
    for line in CostLine.objects.filter(item__in=items).select_related("price_item", "financier"):
        lines[line.item_id].append(line)
    labels = _export_labels(items, lines)
    rows = []
    for item in items:
        cells = [
            item.case.code,
            item.scenario.code,
            labels[item.pk],
            item.kind,
            _iso(item.start),
            _iso(item.end),
            item.description,
        ]
        tail = [_yes_no(item.is_intervention)]
        if item.kind == ItemKind.EVENT:
            empty = [""] * len(schema.COST_COLUMNS)
            rows.append([*cells, *empty, *tail, "", "", "", "", prognosis.item_cell(item)])
            continue
        # A support item without lines is written as a zero amount, so that it survives
        # a round trip (a support row needs a prijscode or a bedrag).
        for line in lines[item.pk] or [None]:
            optional = [
                "ja" if line and line.one_off else "",
                line.hardness if line else "",
                "ja" if line and line.undivided else "",
            ]
            optional.append(prognosis.item_cell(item))
            rows.append([*cells, *_line_cells(line), *tail, _financier(line), *optional])
    return rows


def _line_cells(line: CostLine | None) -> list[str]:
    if line is None:
        return ["", "", "", "", "", "", "0.00"]
    return [
        line.price_item.code if line.price_item_id else "",
        _quantity(line.quantity),
        _quantity(line.persons),
        _quantity(line.times),
        line.frequency,
        format_money(line.rate_override),
        format_money(line.fixed_amount),
    ]


def _financier(line: CostLine | None) -> str:
    return line.financier.code if line and line.financier_id else ""


def _export_labels(items: list[TimelineItem], lines: dict) -> dict[int, str]:
    """The `item` cell per item. An item's own label is kept unless another item of the same
    case and werkwijze already used it; an unlabelled item with several lines gets a fresh
    label, because on import only a shared label groups rows into one item."""
    used: dict[tuple[int, int], set[str]] = defaultdict(set)
    for item in items:
        used[item.case_id, item.scenario_id].add(item.label)
    taken: dict[tuple[int, int], set[str]] = defaultdict(set)
    labels = {}
    for item in items:
        group = (item.case_id, item.scenario_id)
        label = item.label
        if (label and label in taken[group]) or (not label and len(lines[item.pk]) > 1):
            label = _fresh_label(item, used[group])
        taken[group].add(label)
        labels[item.pk] = label
    return labels


def _fresh_label(item: TimelineItem, used: set[str]) -> str:
    prefix = "g" if item.kind == ItemKind.EVENT else "o"
    number = 1
    while f"{prefix}{number}" in used:
        number += 1
    used.add(f"{prefix}{number}")
    return f"{prefix}{number}"
