"""The prognose's screens: the Leeuwarden screen (a new prognose case, or more rows for one),
its figures while typing, the decision, and realising the case (cases.prognosis).

The Leeuwarden screen asks the *resultaatvolgend budget*'s three questions for one
household as the evaluation's werkwijzen (:func:`cases.prognosis.questions` says which asks
which); their names stay the evaluation's own, and the screen puts the question beside each.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.models import CHAIRS, EDITORS
from cases import figures, prognosis, timeline
from cases.access import get_case, get_evaluation
from cases.forms import price_code
from cases.models import CaseStage
from cases.prognosis_forms import DecisionForm, QuickForm
from cases.views.creation import CaseStartForm
from cases.views.prices import MAX_QUERY
from history.models import Action
from history.recorder import record_change, snapshot


def frozen_refusal(request, item):
    """The entry screen's answer to changing or deleting an item of the kept forecast."""
    notice = str(timeline.Frozen())
    if request.htmx:
        return render(request, "cases/entry.html#notice", {"notice": notice})
    messages.error(request, notice)
    return redirect("cases:entry", item.case.evaluation.slug, item.case.code)


def _quick_form(evaluation, case, data, period=None):
    scenarios = list(evaluation.scenarios.all())
    scenarios.sort(key=lambda s: (not s.is_reference, s.position))
    financiers = {f.code: f for f in evaluation.organisation.financiers.all()}
    search_url = (
        reverse("cases:price_search", args=[evaluation.slug, case.code])
        if case is not None
        else reverse("cases:prognosis_price_search", args=[evaluation.slug])
    )
    if case is not None:
        period = (case.start_date, case.end_date)
    return QuickForm(evaluation, scenarios, financiers, search_url, data, period)


def _period(form) -> tuple | None:
    """The new case's period as typed, when it is valid."""
    if form is None or not form.is_bound or not form.is_valid():
        return None
    return form.cleaned_data["start_date"], form.cleaned_data["end_date"]


def _figures_context(evaluation, case, quick) -> dict:
    planned = quick.valid_planned() if quick.data else []
    loaded, costs = figures.quick_figures(evaluation, case, planned)
    scenarios = [s for s, _rows in quick.sections]
    return {
        "figure_rows": [
            (
                s,
                question,
                loaded.total(s.code),
                loaded.intervention_subtotal(s.code),
                None if s.is_reference else loaded.difference(s.code),
            )
            for s, question in zip(scenarios, prognosis.questions(scenarios), strict=True)
        ],
        "typed_count": len(costs),
    }


def _screen(request, evaluation, case, case_form, quick, status=200):
    asked = prognosis.questions([s for s, _rows in quick.sections])
    sections = list(zip(quick.sections, asked, strict=True))
    saved = []
    if case is not None:
        loaded = figures.load(evaluation, case)
        saved = [(item, loaded.item_cost(item)) for item in loaded.items[case.pk]]
    return render(
        request,
        "cases/prognosis.html",
        {
            "evaluation": evaluation,
            "case": case,
            "case_form": case_form,
            "quick": quick,
            "sections": sections,
            "saved": saved,
            **_figures_context(evaluation, case, quick),
        },
        status=status,
    )


def _save_rows(user, case, quick) -> int:
    planned = quick.planned()
    for item, lines in planned:
        fields = {
            name: getattr(item, name)
            for name in ("scenario", "kind", "start", "end", "description", "is_intervention")
        }
        timeline.create_item(user, case, fields, [_line_fields(line) for line in lines])
    return len(planned)


def _line_fields(line) -> dict:
    names = (
        "price_item",
        "quantity",
        "persons",
        "times",
        "frequency",
        "rate_override",
        "fixed_amount",
        "financier",
        "hardness",
        "one_off",
        "undivided",
    )
    return {name: getattr(line, name) for name in names}


@login_required
@require_http_methods(["GET", "POST"])
def prognosis_start(request, slug):
    """A new prognose case with its three werkwijzen filled in at once."""
    evaluation, _role = get_evaluation(request.user, slug, CHAIRS)
    data = request.POST or None
    case_form = CaseStartForm(evaluation, data)
    quick = _quick_form(evaluation, None, data, _period(case_form) if data else None)
    if data and not quick.adding:
        case_valid = case_form.is_valid()
        if quick.is_valid() and case_valid:
            fields = {name: case_form.cleaned_data[name] for name in CaseStartForm.Meta.fields}
            with transaction.atomic():
                case = evaluation.add_case(request.user, stage=CaseStage.FORECAST, **fields)
                count = _save_rows(request.user, case, quick)
            messages.success(
                request, f"Prognose casus {case.code} is opgeslagen met {count} regels."
            )
            return redirect("cases:prognosis", slug, case.code)
    return _screen(request, evaluation, None, case_form, quick)


@login_required
@require_http_methods(["GET", "POST"])
def prognosis_screen(request, slug, code):
    """More rows for a prognose case; a realised case's forecast is frozen."""
    case, _role = get_case(request.user, slug, code, EDITORS)
    evaluation = case.evaluation
    if case.stage != CaseStage.FORECAST:
        messages.error(
            request,
            "Deze casus is gerealiseerd: de prognose is vastgelegd. Voer het werkelijke verloop "
            "in op het invoerscherm.",
        )
        return redirect("cases:case_detail", slug, code)
    data = request.POST or None
    quick = _quick_form(evaluation, case, data)
    if data and quick.is_valid():
        if not quick.filled():
            messages.error(request, "Er is nog niets ingevuld.")
        else:
            with transaction.atomic():
                count = _save_rows(request.user, case, quick)
            messages.success(request, f"{count} regels opgeslagen.")
            return redirect("cases:prognosis", slug, code)
    return _screen(request, evaluation, case, None, quick)


@login_required
@require_POST
def prognosis_figures(request, slug, code=None):
    """The figures box while the rows are typed: costed by the engine, nothing saved."""
    if code is None:
        evaluation, _role = get_evaluation(request.user, slug, CHAIRS)
        case = None
        period = _period(CaseStartForm(evaluation, request.POST))
    else:
        case, _role = get_case(request.user, slug, code, EDITORS)
        evaluation, period = case.evaluation, None
    quick = _quick_form(evaluation, case, request.POST, period)
    return render(
        request,
        "cases/prognosis.html#figures",
        {"evaluation": evaluation, "case": case, **_figures_context(evaluation, case, quick)},
    )


@login_required
@require_GET
def prognosis_price_search(request, slug):
    """The combobox's options on the Leeuwarden screen of a case not yet made (the entry
    screen's search, cases.views.prices.price_search, needs a case)."""
    evaluation, _role = get_evaluation(request.user, slug, CHAIRS)
    typed = request.GET.get("q") or next(
        (value for key, value in request.GET.items() if key.endswith("-price_item")), ""
    )
    query = price_code(typed)[:MAX_QUERY]
    items = evaluation.price_list.items
    found = items.ranked(query) if query else list(items.select_related("financier")[:20])
    return render(request, "cases/price_search.html#options", {"items": found})


@login_required
@require_http_methods(["GET", "POST"])
def decision(request, slug, code):
    """What was decided on the prognose, by which role or body, when, and the amount."""
    case, _role = get_case(request.user, slug, code, CHAIRS)
    form = DecisionForm(request.POST or None, instance=case)
    if request.method == "POST" and form.is_valid():
        before = snapshot(case)
        form.save()
        record_change(request.user, case, Action.UPDATE, before=before)
        messages.success(request, "Het besluit is opgeslagen.")
        return redirect("cases:case_detail", slug, code)
    return render(
        request,
        "cases/prognosis_decision.html",
        {"evaluation": case.evaluation, "case": case, "form": form},
    )


@login_required
@require_http_methods(["GET", "POST"])
def realise(request, slug, code):
    """Make the prognose gerealiseerd, after a confirmation that says what happens."""
    case, _role = get_case(request.user, slug, code, CHAIRS)
    if case.stage != CaseStage.FORECAST:
        messages.error(request, "Deze casus is al gerealiseerd.")
        return redirect("cases:case_detail", slug, code)
    if request.method == "POST":
        if request.POST.get("bevestigd") != "ja":
            messages.error(request, "Bevestig eerst dat de prognose wordt vastgelegd.")
        else:
            count = prognosis.realise(request.user, case)
            messages.success(
                request,
                f"Casus {case.code} is gerealiseerd; de prognose "
                f"({count} item{'' if count == 1 else 's'}) is vastgelegd. "
                "Voer nu het werkelijke verloop in.",
            )
            return redirect("cases:entry", slug, code)
    return render(
        request,
        "cases/prognosis_realise.html",
        {
            "evaluation": case.evaluation,
            "case": case,
            "item_count": case.items.count(),
        },
    )
