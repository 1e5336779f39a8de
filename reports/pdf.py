"""The report as PDF: the one module that imports WeasyPrint (some 50 MB and two seconds of
start-up), so it is imported where a PDF is made, never at start-up (ruff's TID253 and
tests/unit/test_startup.py keep it so). The HTML is :mod:`reports.page`'s, the page the
browser shows.

WeasyPrint never goes over the network, not even to our own site: the document's base URL is
a name that resolves nowhere, and :class:`StaticFileFetcher` answers requests under it from
the static files on disk and refuses everything else.

The PDF is tagged (PDF/UA-1) with the document's title and language, so screen readers can
read it. :func:`finish_tagging` completes WeasyPrint's tagging on its own pydyf objects before
they are written: header scopes and associations, the page footer as an artifact, links
described and printable, and each chart's alternative text with the figures it shows.
"""

from __future__ import annotations

import logging
import mimetypes
from pathlib import Path

import pydyf
from django.contrib.staticfiles import finders
from django.core.exceptions import SuspiciousFileOperation
from weasyprint import HTML
from weasyprint.formatting_structure import boxes
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

from reports.page import BASE_URL, static_prefix

logger = logging.getLogger(__name__)

PDF_VARIANT = "pdf/ua-1"


def static_file_for(url: str) -> Path | None:
    """The file on disk a URL under our base URL stands for, or None."""
    prefix = static_prefix()
    if not url.startswith(prefix):
        return None
    relative = url[len(prefix) :].split("?", 1)[0].split("#", 1)[0]
    if not relative or ".." in relative.split("/"):
        return None
    try:
        found = finders.find(relative)
    except SuspiciousFileOperation:  # a path that would leave the static directories
        return None
    return Path(found) if found else None


class StaticFileFetcher(URLFetcher):
    """Serves our static files from disk; refuses every other URL."""

    def fetch(self, url, headers=None):
        path = static_file_for(url)
        if path is None:
            logger.warning("Rapport: %s geweigerd (alleen eigen statische bestanden)", url)
            raise ValueError(f"refused: {url}")
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": content_type})


def html_to_pdf(html: str) -> bytes:
    """WeasyPrint alone: the finished HTML in, the PDF out."""
    font_config = FontConfiguration()
    document = HTML(string=html, base_url=BASE_URL, url_fetcher=StaticFileFetcher())
    return document.write_pdf(
        font_config=font_config, pdf_variant=PDF_VARIANT, finisher=finish_tagging
    )


def finish_tagging(document, pdf) -> None:
    """WeasyPrint's ``finisher``: completes the PDF/UA tagging where WeasyPrint 70 stops short,
    on its own objects before they are written (no second PDF library needed)."""
    # The figures per page, in the order WeasyPrint made them (the boxes' order): one pass
    # over the objects, not one per page.
    figures: dict[bytes, list] = {}
    for item in pdf.objects:
        if isinstance(item, pydyf.Dictionary) and item.get("S") == "/Figure" and "Alt" in item:
            figures.setdefault(item["Pg"], []).append(item)
    header_ids: dict = {}  # a header cell's element -> the /ID of its first drawing
    for page_number, page in enumerate(document.pages):
        for table in _descendants(page._page_box, boxes.TableBox):
            _associate_headers(table, header_ids, pdf)
        page_figures = figures.get(pdf.page_references[page_number], [])
        _chart_alternatives(page_figures, page._page_box, page.height)
        _describe_links(page._page_box)
    _pagination_as_artifacts(pdf)
    _print_links(pdf)


SVG = "{http://www.w3.org/2000/svg}"


def _chart_alternatives(figures: list, page_box, page_height: float) -> None:
    """A chart's alternative text gets its figures: WeasyPrint takes only the SVG's
    ``<title>``, so a screen reader would hear "Kosten per werkwijze per casus" and none of
    the amounts the bars show. :mod:`lib.charts` writes those in the ``<desc>`` and the kind
    of chart in ``aria-roledescription``; here they become one text, the chart's /Alt.

    And its /BBox becomes the box the chart is drawn in: WeasyPrint writes the SVG's own
    width and height in points from the page's corner, so a 980-unit Gantt scaled down to the
    page got a box wider than the page (outloud TAG-030 then takes it for a scanned page)."""
    texts = []
    for box in _descendants(page_box, boxes.ReplacedBox):
        element = box.element
        if element is None or element.tag != f"{SVG}svg":
            continue
        title, desc = element.find(f"{SVG}title"), element.find(f"{SVG}desc")
        if title is None or not title.text:
            continue
        kind = element.get("aria-roledescription", "")
        text = f"{kind.capitalize()}: {title.text}" if kind else title.text
        if desc is not None and desc.text:
            text += f". {desc.text}"
        texts.append((title.text, text, _bbox(box, page_height)))
    for figure in figures:
        if texts and figure["Alt"].string == texts[0][0]:
            _, text, bbox = texts.pop(0)
            figure["Alt"] = pydyf.String(text)
            attributes = figure.get("A")
            if isinstance(attributes, pydyf.Dictionary) and "BBox" in attributes:
                attributes["BBox"] = pydyf.Array(bbox)


# WeasyPrint lays out in CSS pixels and draws the page at 0.75 points per pixel, with the
# PDF's y axis upwards from the bottom.
PT_PER_PX = 0.75


def _bbox(box, page_height: float) -> list[float]:
    x, y = box.border_box_x(), box.border_box_y()
    width, height = box.border_width(), box.border_height()
    return [
        round(x * PT_PER_PX, 3),
        round((page_height - y - height) * PT_PER_PX, 3),
        round((x + width) * PT_PER_PX, 3),
        round((page_height - y) * PT_PER_PX, 3),
    ]


def _descendants(box, kind):
    for child in getattr(box, "children", ()):
        if isinstance(child, kind):
            yield child
        yield from _descendants(child, kind)


def _cell_text(box) -> str:
    if isinstance(box, boxes.TextBox):
        return box.text
    return "".join(_cell_text(child) for child in getattr(box, "children", ()))


SCOPES = {"row": "/Row", "rowgroup": "/Row", "col": "/Column", "colgroup": "/Column"}


def _associate_headers(table, header_ids: dict, pdf) -> None:
    """Gives every header cell a /Scope and every data cell /Headers naming all its headers.

    A table split over pages has its header row drawn again at the top of each next page
    (for the eye); WeasyPrint tags each drawing as a new /THead, so a screen reader would
    hear "Maand, Gebeurtenissen, Ondersteuning" again in the middle of the timeline. A
    repeated header row is taken out of the structure tree here (and so becomes a pagination
    artifact in :func:`_pagination_as_artifacts`), and the data cells under it point to the
    header cells where they were first drawn (``header_ids``, by the cell's element).

    WeasyPrint sets neither /Scope nor the headers of a column header's second and later
    columns (colspan), and points data cells at empty header cells. A screen reader then
    reads a cell without the heading a sighted reader sees above or beside it. Here: the
    column headers above a cell over all the columns it spans; the row headers in its row,
    where an empty one stands for the nearest filled one above it (the timeline writes a
    month once, for all its rows, as the eye reads it); and a rowgroup header for the rows
    under it.
    """
    columns: dict[int, list] = {}  # grid column -> column headers so far, top down
    for group in table.children:
        if not isinstance(group, boxes.TableRowGroupBox):
            continue
        if group.is_header:
            _detach_repeated_header(group, header_ids, pdf)
        row_headers_above: dict[int, object] = {}  # grid column -> last filled row header
        group_header = None
        spanning: list[tuple[int, object]] = []  # (last row index, row header) of rowspans
        for index, row in enumerate(group.children):
            cells = [cell for cell in row.children if getattr(cell, "mark", None) is not None]
            row_headers = [header for last, header in spanning if last >= index]
            for cell in cells:
                if cell.element_tag != "th":
                    continue
                scope = cell.element.get("scope") or ("col" if group.is_header else "row")
                cell.mark["A"]["Scope"] = SCOPES.get(scope, "/Column")
                filled = bool(_cell_text(cell).strip())
                if scope in ("col", "colgroup"):
                    if filled:
                        for x in range(cell.grid_x, cell.grid_x + cell.colspan):
                            columns.setdefault(x, []).append(cell)
                elif scope == "rowgroup":
                    group_header = cell if filled else None
                else:
                    if filled:
                        row_headers_above[cell.grid_x] = cell
                    header = row_headers_above.get(cell.grid_x)
                    if header is not None:
                        row_headers.append(header)
                        if cell.rowspan > 1:
                            spanning.append((index + cell.rowspan - 1, header))
            for cell in cells:
                if cell.element_tag != "td":
                    continue
                headers = [group_header] if group_header is not None else []
                headers += [header for header in row_headers if header.grid_x < cell.grid_x]
                for x in range(cell.grid_x, cell.grid_x + cell.colspan):
                    headers += [header for header in columns.get(x, ()) if header not in headers]
                cell.mark["A"]["Headers"] = pydyf.Array(
                    [
                        header_ids.get(header.element, header.mark["ID"])
                        for header in headers
                        if "ID" in header.mark
                    ]
                )


def _detach_repeated_header(group, header_ids: dict, pdf) -> None:
    """Remembers where a header row's cells were first drawn; a repeat of it (its cells'
    elements seen before) is cut from its /Table, out of the structure tree."""
    cells = [
        cell
        for row in group.children
        for cell in row.children
        if getattr(cell, "mark", None) is not None and cell.element_tag == "th"
    ]
    if not cells:
        return
    if not any(cell.element in header_ids for cell in cells):
        for cell in cells:
            if "ID" in cell.mark:
                header_ids[cell.element] = cell.mark["ID"]
        return
    row = _resolve(pdf, cells[0].mark["P"])  # the /TR
    head = _resolve(pdf, row["P"])
    if head.get("S") != "/THead":
        return
    parent = _resolve(pdf, head["P"])
    kids = parent["K"]
    reference = next((ref for ref in kids if _resolve(pdf, ref) is head), None)
    if reference is not None:
        kids.remove(reference)


def _pagination_as_artifacts(pdf) -> None:
    """The page margin boxes (the running title, "pagina 2 van 41") become /Artifact
    /Pagination. WeasyPrint keeps their text out of the structure tree but leaves it marked as
    content, so a reader would find untagged text on every page; PDF/UA wants it an artifact
    (ISO 14289-1 7.8), and a screen reader then does not read the page footer between two
    paragraphs."""
    root = pdf.catalog["StructTreeRoot"]
    tree_root = _resolve(pdf, root)
    reachable = set()
    stack = list(_resolve(pdf, tree_root["K"]))
    while stack:
        reference = stack.pop()
        if not isinstance(reference, bytes) or reference in reachable:
            continue
        reachable.add(reference)
        element = _resolve(pdf, reference)
        if isinstance(element, pydyf.Dictionary) and "K" in element:
            kids = element["K"]
            stack.extend(kids if isinstance(kids, list) else [kids])
    nums = _resolve(pdf, tree_root["ParentTree"])["Nums"]
    for page_number, page_reference in enumerate(pdf.page_references):
        mcids = nums[2 * page_number + 1]
        loose = {
            mcid
            for mcid, element in enumerate(mcids)
            if isinstance(element, bytes) and element not in reachable
        }
        if not loose:
            continue
        contents = _resolve(pdf, _resolve(pdf, page_reference)["Contents"])
        _unmark(pdf, contents, loose, set())
        for mcid in loose:
            mcids[mcid] = "null"


def _unmark(pdf, stream, mcids, seen) -> None:
    if id(stream) in seen:
        return
    seen.add(id(stream))
    operations = stream.stream
    for index, operation in enumerate(operations):
        if isinstance(operation, pydyf.Dictionary) and operation.get("MCID") in mcids:
            operations[index - 1] = "/Artifact"
            operations[index] = pydyf.Dictionary({"Type": "/Pagination"})
    for group in (getattr(stream, "_resources", None) or {}).get("XObject", {}).values():
        group = _resolve(pdf, group)
        if isinstance(group, pydyf.Stream):
            _unmark(pdf, group, mcids, seen)


def _resolve(pdf, value):
    """A pydyf reference (b"12 0 R") as its object; anything else as itself."""
    if isinstance(value, bytes) and value.endswith(b" R"):
        return pdf.objects[int(value.split()[0])]
    return value


def _describe_links(page_box) -> None:
    """A link's description (/Contents) is its own text, "Casus 3: Container", where
    WeasyPrint writes the bare target ("#casus-3"): that is what a screen reader announces
    for the link, and only the words say where it goes. The text is the element's, so the
    contents page's leader dots and page number (generated content) stay out of it."""
    for box in _descendants(page_box, boxes.Box):
        annotation = getattr(box, "link_annotation", None)
        if annotation is None or box.element is None or box.element_tag != "a":
            continue
        text = box.element.get("aria-label") or " ".join("".join(box.element.itertext()).split())
        if text:
            annotation["Contents"] = pydyf.String(text)


def _print_links(pdf) -> None:
    """Links get the Print flag (ISO 14289-1 7.18.1): without it a link is an annotation for
    the screen only, and print and screen (and the reader's view) differ."""
    for item in pdf.objects:
        if isinstance(item, pydyf.Dictionary) and item.get("Subtype") == "/Link":
            item["F"] = 1 << 2
