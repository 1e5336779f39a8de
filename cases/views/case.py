"""A case's page and the chair's session screen: every werkwijze's timeline side by side with
its figures, hours per discipline and costs per financier, all from :mod:`cases.figures`.

The session screen is the room's instrument on a projector: no site chrome, the werkwijzen
on one time axis drawn by the report's Gantt (or as lists), their totals, the last changes and
the chair's keys always in sight. It asks for the board every second (or when the live stream
says the case changed) with the revision it shows; an unchanged case is answered 204 after one
indexed read.
"""

from datetime import date, timedelta
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.views.decorators.http import require_GET

from accounts.models import permissions
from cases import charts, figures, outcomes, prognosis
from cases.access import get_case
from history.models import AccessKind, ChangeRecord
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
        "loaded": loaded,
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
    board = _board(case, detailed=True)
    return render(
        request,
        "cases/case_detail.html",
        {
            "evaluation": evaluation,
            "case": case,
            "narrative": _narrative(case),
            **{k: v for k, v in board.items() if k != "loaded"},
            "forecast": prognosis.comparison(board["loaded"], case),
            "outcomes": outcomes.case_outcomes(case),
            **permissions(role),
        },
    )


def _since(value: str | None):
    """The moment the screen asking was drawn: items changed after it are highlighted."""
    try:
        return parse_datetime(value) if value else None
    except ValueError:
        return None


# The chair's view of the session, kept in the address so that a reload, the board's own
# refresh and the next case keep it: list or timeline, the panel of hours and financiers,
# a zoomed period and one werkwijze in focus.
ZOOM_MONTHS = 6
ZOOM_STEP = 3


def _month(value: str | None) -> date | None:
    """A month as the address carries it ("2016-09"), or None for anything else."""
    try:
        year, month = (int(part) for part in (value or "").split("-"))
        return date(year, month, 1)
    except ValueError:
        return None


def _add_months(month: date, count: int) -> date:
    index = month.year * 12 + month.month - 1 + count
    return date(index // 12, index % 12 + 1, 1)


def _screen(request, case, loaded) -> dict:
    """What the chair asked to see, every choice checked against the case, and the links
    (one per key) that change it."""
    codes = [s.code for s in loaded.scenarios]
    state = {
        "weergave": "lijst" if request.GET.get("weergave") == "lijst" else "",
        "paneel": "uren" if request.GET.get("paneel") == "uren" else "",
        "focus": request.GET.get("focus") if request.GET.get("focus") in codes else "",
        "van": "",
    }
    first, last = loaded.period(case)
    first = first.replace(day=1)
    months = (last.year - first.year) * 12 + last.month - first.month + 1
    window = None
    start = _month(request.GET.get("van"))
    if start is not None and months > ZOOM_MONTHS:
        latest = _add_months(first, months - ZOOM_MONTHS)
        start = min(max(start, first), latest)
        state["van"] = start.strftime("%Y-%m")
        window = (start, _add_months(start, ZOOM_MONTHS) - timedelta(days=1))

    def link(**change) -> str:
        return "?" + urlencode({k: v for k, v in {**state, **change}.items() if v})

    newest = max((item.start for item in loaded.items[case.pk]), default=last).replace(day=1)
    zoom_to = min(
        max(_add_months(newest, -(ZOOM_MONTHS // 2)), first),
        _add_months(first, max(0, months - ZOOM_MONTHS)),
    )
    links = {
        # T leaves the panel too: the chair wants the timeline or the list in sight.
        "weergave": link(weergave="" if state["weergave"] else "lijst", paneel=""),
        "paneel": link(paneel="" if state["paneel"] else "uren"),
        "zoom": link(van="" if window else zoom_to.strftime("%Y-%m"))
        if months > ZOOM_MONTHS
        else "",
        "eerder": link(van=_add_months(start, -ZOOM_STEP).strftime("%Y-%m")) if window else "",
        "later": link(van=_add_months(start, ZOOM_STEP).strftime("%Y-%m")) if window else "",
        "alle": link(focus=""),
        "focus": [
            (n, s, link(focus="" if state["focus"] == s.code else s.code))
            for n, s in enumerate(loaded.scenarios, start=1)
        ],
    }
    return {
        "state": state,
        "window": window,
        "links": links,
        "keep": link(van="", focus=""),
        "keep_state": urlencode({k: v for k, v in state.items() if v}),
    }


def _neighbours(case) -> tuple:
    """The cases before and after this one in the evaluation, for the chair's keys."""
    cases = list(case.evaluation.cases.only("pk", "code", "title"))
    index = next(n for n, other in enumerate(cases) if other.pk == case.pk)
    return (
        cases[index - 1] if index > 0 else None,
        cases[index + 1] if index + 1 < len(cases) else None,
    )


def _changes(case, loaded, since) -> list[dict]:
    """The last three changes to the case's timeline: what, its amount now, who, and when
    (highlighted when made after ``since``)."""
    records = ChangeRecord.objects.filter(case=case, model="cases.TimelineItem").select_related(
        "user"
    )[:3]
    items = {str(item.pk): item for item in loaded.items[case.pk]}
    now = timezone.now()
    changes = []
    for record in records:
        item = items.get(record.object_id)
        changes.append(
            {
                "record": record,
                "what": item.description if item else record.object_repr,
                "item": item,
                "amount": None if item is None or item.is_event else loaded.item_cost(item),
                "who": record.user.get_full_name() or record.user.get_username()
                if record.user
                else "onbekend",
                "is_new": bool(since and record.at > since),
                "just_now": now - record.at < timedelta(minutes=1),
            }
        )
    return changes


@login_required
@require_GET
def session(request, slug, code):
    """The chair's screen, a projector view without the site's chrome. Polled (or, with the
    live stream, asked on a change) with the revision it shows: unchanged, the answer is an
    empty 204 (htmx leaves the screen alone); changed, the whole board, drawn as the chair
    last set it (timeline or list, panel, zoom, focus)."""
    case, role = get_case(request.user, slug, code)
    if request.htmx and request.GET.get("revision") == str(case.revision):
        return HttpResponse(status=204)
    drawn_at = timezone.now()  # before reading, so nothing saved meanwhile goes unmarked
    since = _since(request.GET.get("since"))
    board = _board(case)
    loaded = board.pop("loaded")
    screen = _screen(request, case, loaded)
    previous, following = _neighbours(case)
    state = screen["state"]
    return render(
        request,
        "cases/session.html#board" if request.htmx else "cases/session.html",
        {
            "evaluation": case.evaluation,
            "case": case,
            **board,
            **screen,
            "gantt": None
            if state["weergave"] or state["paneel"]
            else charts.session_gantt(
                loaded, case, since=since, window=screen["window"], focus=state["focus"]
            ),
            "changes": _changes(case, loaded, since),
            "outcomes": outcomes.case_outcomes(case) if state["paneel"] else None,
            # The U key names the outcomes too when the evaluation scores them (the instrument
            # came with the case: no query).
            "scores_outcomes": outcomes.measure_of(case.evaluation) is not None,
            "previous": previous,
            "following": following,
            "since": since,
            "drawn_at": drawn_at.isoformat(),
            **permissions(role),
        },
    )
