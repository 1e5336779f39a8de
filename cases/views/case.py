"""A case's page and the chair's session screen: every werkwijze's timeline side by side with
its figures, hours per discipline and costs per financier, all from :mod:`cases.figures`.

The session screen polls every second with the revision it shows; an unchanged case is
answered 204 after one indexed read.
"""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.views.decorators.http import require_GET

from accounts.models import permissions
from cases import charts, figures
from cases.access import get_case
from history.models import AccessKind
from history.recorder import record_access
from lib import dutch
from lib.costing import UNDIVIDED


def _key_table(case_figures, scenarios, attribute: str, names: dict) -> list:
    """Rows (name, [amount per werkwijze]) of the hours or the financier table."""
    sums = [getattr(case_figures.figures[s.code], attribute) for s in scenarios]
    keys = sorted({key for by_key in sums for key in by_key})
    return [(names.get(key, key), [by_key.get(key) for by_key in sums]) for key in keys]


def _break_even_label(found) -> str:
    """The month a werkwijze breaks even, short enough for a column of the session screen."""
    if found is None:
        return ""
    if found.index is None:
        return "niet binnen de periode"
    return f"maand {found.index} ({dutch.month_label(found.month)})"


def _timeline(scenario, items, loaded: figures.Figures, case_figures, break_evens) -> dict:
    return {
        "scenario": scenario,
        "items": [
            (
                item,
                loaded.item_cost(item),
                [(line, loaded.line_cost(line)) for line in item.lines.all()],
            )
            for item in items
            if item.scenario_id == scenario.pk
        ],
        "figures": case_figures.figures[scenario.code],
        "difference": None if scenario.is_reference else case_figures.difference(scenario.code),
        "break_even": _break_even_label(break_evens.get(scenario.code)),
    }


def _narrative(case) -> list[tuple[str, str]]:
    """(heading, text) of the case's narrative fields that are filled in."""
    return [
        (case._meta.get_field(name).verbose_name, getattr(case, name))
        for name in case.NARRATIVE_FIELDS
        if getattr(case, name).strip()
    ]


def _board(case, detailed: bool = False) -> dict:
    """Every werkwijze's timeline and figures, hours per discipline and costs per financier:
    what the case page and the chair's session screen both show; the case page adds how firm
    the figures are and their course over the years."""
    evaluation = case.evaluation
    loaded = figures.load(evaluation, case)
    scenarios, items, case_figures = loaded.scenarios, loaded.items[case.pk], loaded.of(case)
    lines = [line for item in items for line in item.lines.all()]
    break_evens = {s.code: found for s, found in loaded.break_evens(case)}
    price_names = {line.price_item.code: line.price_item.name for line in lines if line.price_item}
    # An undivided sum is shown as "Niet verdeeld", not by its key.
    financiers = {**loaded.financier_names, UNDIVIDED: figures.UNDIVIDED}
    board = {
        "scenarios": scenarios,
        "timelines": [_timeline(s, items, loaded, case_figures, break_evens) for s in scenarios],
        "hours": _key_table(case_figures, scenarios, "hours", price_names),
        "by_financier": _key_table(case_figures, scenarios, "by_financier", financiers),
    }
    if detailed:
        board["firmness"] = loaded.firmness_of(case)
        board["years"] = loaded.years(case)
        board["course_chart"] = charts.course_chart(loaded, case)
        board["outlooks"] = [
            (outlook, charts.tornado_chart(outlook, f"tornado-{case.pk}-{n}", f"casus {case.code}"))
            for n, outlook in enumerate(loaded.outlooks(case))
        ]
        board["projections"] = loaded.projections(case)
    return board


@login_required
@require_GET
def case_detail(request, slug, code):
    case, role = get_case(request.user, slug, code)
    evaluation = case.evaluation
    record_access(request.user, AccessKind.VIEW_CASE, evaluation, case)
    return render(
        request,
        "cases/case_detail.html",
        {
            "evaluation": evaluation,
            "case": case,
            "narrative": _narrative(case),
            **_board(case, detailed=True),
            **permissions(role),
        },
    )


def _since(value: str | None):
    """The moment the screen asking was drawn: items changed after it are highlighted."""
    try:
        return parse_datetime(value) if value else None
    except ValueError:
        return None


@login_required
@require_GET
def session(request, slug, code):
    """The chair's screen. Polled every second with the revision it shows: unchanged, the
    answer is an empty 204 (htmx leaves the screen alone); changed, the whole board."""
    case, role = get_case(request.user, slug, code)
    if request.htmx and request.GET.get("revision") == str(case.revision):
        return HttpResponse(status=204)
    drawn_at = timezone.now()  # before reading, so nothing saved meanwhile goes unmarked
    return render(
        request,
        "cases/session.html#board" if request.htmx else "cases/session.html",
        {
            "evaluation": case.evaluation,
            "case": case,
            **_board(case),
            "since": _since(request.GET.get("since")),
            "drawn_at": drawn_at.isoformat(),
            **permissions(role),
        },
    )
