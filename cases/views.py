"""Evaluations and cases: list, import, detail, workbook download; and the live session: the
notulist's entry screen and the chair's session screen.

Access is checked in every view through :mod:`cases.access`; the figures come from
:mod:`lib.costing` through the models, changes go through :mod:`cases.timeline`; views only
arrange things for the templates.
"""

import tempfile
from io import BytesIO
from pathlib import Path

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Prefetch, Q
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.functional import SimpleLazyObject
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import reswap, trigger_client_event

from accounts.forms import OrganisationUploadForm
from cases.access import (
    EDITING_ROLES,
    get_case_for_editor,
    get_case_for_user,
    get_evaluation_for_user,
    get_import_organisations,
    get_item_for_editor,
    import_organisations,
    user_role,
    visible_evaluations,
)
from cases.forms import CopyForm, EntryForm, SessionRecordForm, session_initial
from cases.models import CostLine, TimelineItem
from cases.timeline import (
    Conflict,
    copy_timeline,
    create_item,
    current_item,
    update_item,
    update_session_record,
)
from cases.workbook import WorkbookError, export_workbook, import_workbook
from history.models import AccessKind, Action, ChangeRecord
from history.recorder import record_access
from lib import costing
from reports.content import werkwijzen_charts

WORKBOOK_SUFFIXES = (".xlsx", ".zip")


class ImportForm(OrganisationUploadForm):
    workbook = forms.FileField(
        label="Werkmap (.xlsx, of .zip met CSV-bestanden)",
        widget=forms.FileInput(attrs={"accept": ",".join(WORKBOOK_SUFFIXES)}),
    )

    def clean_workbook(self):
        return self.checked_upload(
            self.cleaned_data["workbook"],
            WORKBOOK_SUFFIXES,
            "Kies een .xlsx-bestand of een .zip met CSV-bestanden.",
        )


@login_required
@require_GET
def evaluation_list(request):
    evaluations = (
        visible_evaluations(request.user)
        .select_related("organisation", "price_list")
        .annotate(case_count=Count("cases", distinct=True))
    )
    organisations = import_organisations(request.user)
    form = ImportForm(organisations) if organisations.exists() else None
    return render(
        request,
        "cases/evaluation_list.html",
        {"evaluations": evaluations, "form": form, "errors": []},
    )


@login_required
@require_http_methods(["GET", "POST"])
def evaluation_import(request):
    organisations = get_import_organisations(request.user)
    form = ImportForm(organisations, request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        try:
            evaluation = import_workbook(
                form.cleaned_data["workbook"], form.cleaned_data["organisation"]
            )
        except WorkbookError as error:
            errors = error.messages
        else:
            messages.success(request, f"De evaluatie ‘{evaluation.title}’ is geïmporteerd.")
            return redirect(evaluation)
    return render(request, "cases/evaluation_import.html", {"form": form, "errors": errors})


def _figure_row(figures: costing.CaseFigures, scenarios) -> dict:
    """One row of the cross-case table: the figures in werkwijze order."""
    return {
        "totals": [figures.total(s.code) for s in scenarios],
        "interventions": [figures.intervention(s.code) for s in scenarios],
        "differences": [figures.difference(s.code) for s in scenarios if not s.is_reference],
    }


@login_required
@require_GET
def evaluation_detail(request, slug):
    evaluation = get_evaluation_for_user(request.user, slug)
    figures = evaluation.compute_figures()
    scenarios = figures.scenarios
    rows = [(case, _figure_row(case_figures, scenarios)) for case, case_figures in figures.rows()]
    return render(
        request,
        "cases/evaluation_detail.html",
        {
            "evaluation": evaluation,
            "role": user_role(evaluation, request.user),
            "scenarios": scenarios,
            "compared": [s for s in scenarios if not s.is_reference],
            "rows": rows,
            "totals": _figure_row(figures.totals, scenarios),
            "charts": werkwijzen_charts(scenarios, figures.rows(), figures.totals),
            "members": evaluation.members.select_related("user").order_by("user__username"),
        },
    )


@login_required
@require_GET
def evaluation_export(request, slug):
    evaluation = get_evaluation_for_user(request.user, slug)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"{evaluation.slug}.xlsx"
        export_workbook(evaluation, path)
        content = BytesIO(path.read_bytes())
    record_access(request.user, AccessKind.DOWNLOAD_WORKBOOK, evaluation, what=path.name)
    return FileResponse(content, as_attachment=True, filename=f"{evaluation.slug}.xlsx")


def _key_table(figures: costing.CaseFigures, scenarios, attribute: str, names: dict) -> list:
    """Rows (name, [amount per werkwijze]) of the hours or the financier table."""
    sums = [getattr(figures.figures[s.code], attribute) for s in scenarios]
    keys = sorted({key for by_key in sums for key in by_key})
    return [(names.get(key, key), [by_key.get(key) for by_key in sums]) for key in keys]


def _timeline_items(case) -> list:
    """The case's items in date order, each with its cost lines, in a constant number of
    queries; ``to_costing()`` then needs no more."""
    lines = CostLine.objects.select_related("price_item__financier", "financier")
    return list(
        case.items.select_related("scenario")
        .prefetch_related(Prefetch("lines", queryset=lines))
        .order_by("start", "position", "pk")
    )


def _timeline(scenario, items, figures: costing.CaseFigures) -> dict:
    return {
        "scenario": scenario,
        "items": [
            (item, sum((line.cost for line in item.lines.all()), costing.ZERO))
            for item in items
            if item.scenario_id == scenario.pk
        ],
        "figures": figures.figures[scenario.code],
        "difference": None if scenario.is_reference else figures.difference(scenario.code),
    }


def _narrative(case) -> list[tuple[str, str]]:
    """(heading, text) of the case's narrative fields that are filled in."""
    return [
        (case._meta.get_field(name).verbose_name, getattr(case, name))
        for name in case.NARRATIVE_FIELDS
        if getattr(case, name).strip()
    ]


def _board(case) -> dict:
    """Every werkwijze's timeline and figures, hours per discipline and costs per financier:
    what the case page and the chair's session screen both show."""
    evaluation = case.evaluation
    scenarios = list(evaluation.scenarios.all())
    items = _timeline_items(case)
    lines = [line for item in items for line in item.lines.all()]
    reference = next(s.code for s in scenarios if s.is_reference)
    figures = costing.case_figures(
        [s.code for s in scenarios], reference, [line.to_costing() for line in lines]
    )
    price_names = {line.price_item.code: line.price_item.name for line in lines if line.price_item}
    financiers = dict(evaluation.organisation.financiers.values_list("code", "name"))
    return {
        "scenarios": scenarios,
        "timelines": [_timeline(s, items, figures) for s in scenarios],
        "hours": _key_table(figures, scenarios, "hours", price_names),
        "by_financier": _key_table(figures, scenarios, "by_financier", financiers),
    }


@login_required
@require_GET
def case_detail(request, slug, code):
    case = get_case_for_user(request.user, slug, code)
    evaluation = case.evaluation
    record_access(request.user, AccessKind.VIEW_CASE, evaluation, case)
    return render(
        request,
        "cases/case_detail.html",
        {
            "evaluation": evaluation,
            "case": case,
            "may_edit": user_role(evaluation, request.user) in EDITING_ROLES,
            "narrative": _narrative(case),
            **_board(case),
        },
    )


# The live session ------------------------------------------------------------------------
#
# The notulist's entry screen saves one item per request and answers with only the new item
# (the browser puts the blank quick-entry row back itself), so saving costs the same in a
# case of ten items or ten thousand. The chair's screen polls every second with the revision
# it shows; an unchanged case is answered 204 after one indexed read.


def _entry_form(case, role, data=None, item=None, prefix="", initial=None, like=None):
    """The entry form of an item (or a new one); ``like``: an earlier form of this request
    whose werkwijzen and financiers can be reused rather than read again."""
    evaluation = case.evaluation
    if like:
        scenarios, financiers = list(like.item_form.scenarios.values()), like.financiers
    else:
        scenarios = list(evaluation.scenarios.all())
        organisation = evaluation.organisation
        financiers = SimpleLazyObject(lambda: {f.code: f for f in organisation.financiers.all()})
    search_url = reverse("cases:price_search", args=[evaluation.slug, case.code])
    return EntryForm(
        evaluation, scenarios, financiers, role, search_url, data, item, prefix, initial
    )


def _entry_items(case) -> list:
    """The case's items, last entered first, with their lines, in a constant number of
    queries."""
    lines = CostLine.objects.select_related("price_item__financier", "financier")
    return list(
        case.items.select_related("scenario")
        .prefetch_related(Prefetch("lines", queryset=lines))
        .order_by("-pk")
    )


@login_required
@require_http_methods(["GET", "POST"])
def entry(request, slug, code):
    case, role = get_case_for_editor(request.user, slug, code)
    form = _entry_form(case, role, request.POST or None)
    created = None
    if request.method == "POST" and form.is_valid():
        created = create_item(request.user, case, form.item_fields(), form.lines())
        if not request.htmx:
            messages.success(request, f"Opgeslagen: {created.description}")
            return redirect("cases:entry", slug, code)
        # Only the new row travels. The browser resets the quick-entry row from the blank
        # copy the page holds, keeping the kind and werkwijze: the next item is often alike.
        # It does so right after the swap, in the same task, so that no keystroke can land
        # in the old row first.
        response = render(request, "cases/entry.html#saved", {"case": case, "created": created})
        sticky = {key: form.item_form.cleaned_data[key] for key in ("kind", "scenario")}
        return trigger_client_event(reswap(response, "none"), "entry-saved", sticky, after="swap")
    if request.htmx:  # refused, or a line row added: the row again, and no "Opgeslagen" above
        return render(request, "cases/entry.html#refused", {"case": case, "form": form})
    return render(
        request,
        "cases/entry.html",
        {
            "evaluation": case.evaluation,
            "case": case,
            "form": form,
            "blank_form": form if not form.data else _entry_form(case, role, like=form),
            "items": _entry_items(case),
            "copy_form": CopyForm(list(form.item_form.scenarios.values())),
            "session_form": SessionRecordForm(initial=session_initial(case)),
        },
    )


@login_required
@require_POST
def entry_preview(request, slug, code):
    """What each cost line of a form being typed will cost, by the costing engine."""
    case, role = get_case_for_editor(request.user, slug, code)
    prefix = request.POST.get("formprefix", "")
    if prefix and not (prefix.startswith("item") and prefix[4:-1].isdigit()):
        raise Http404("Onbekend formulier.")
    form = _entry_form(case, role, request.POST, prefix=prefix)
    return render(
        request,
        "cases/entry.html#previews",
        {"previews": list(zip(form.line_forms, form.previews(), strict=True))},
    )


@login_required
@require_GET
def price_search(request, slug, code):
    """Price items whose code or name holds the typed letters: suggestions for a line."""
    case = get_case_for_user(request.user, slug, code)
    typed = request.GET.get("q") or next(
        (value for key, value in request.GET.items() if key.endswith("-price")), ""
    )
    query = typed.split("–")[0].strip()
    items = case.evaluation.price_list.items.all()
    if query:
        items = items.filter(Q(code__icontains=query) | Q(name__icontains=query))
    template = "cases/price_search.html#options" if request.htmx else "cases/price_search.html"
    return render(
        request,
        template,
        {"evaluation": case.evaluation, "case": case, "query": query, "items": items[:20]},
    )


@login_required
@require_GET
def item(request, slug, code, pk):
    """One item as a row of the entry list (to cancel an inline edit)."""
    item, _role = get_item_for_editor(request.user, slug, code, pk)
    if not request.htmx:
        return redirect(reverse("cases:entry", args=[slug, code]) + f"#item-{item.pk}")
    return render(request, "cases/entry.html#entry_item", {"case": item.case, "item": item})


@login_required
@require_http_methods(["GET", "POST"])
def item_edit(request, slug, code, pk):
    item, role = get_item_for_editor(request.user, slug, code, pk)
    prefix = f"item{item.pk}-"
    form = _entry_form(item.case, role, request.POST or None, item=item, prefix=prefix)
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            item = update_item(request.user, item, form.version, form.item_fields(), form.lines())
        except Conflict as error:
            conflict = error
            form = _conflicted_form(request, item, role, prefix, error.current)
        else:
            if not request.htmx:
                messages.success(request, f"Gewijzigd: {item.description}")
                return redirect(reverse("cases:entry", args=[slug, code]) + f"#item-{item.pk}")
            return render(request, "cases/entry.html#entry_item", {"case": item.case, "item": item})
    template = "cases/item_edit.html#edit_form" if request.htmx else "cases/item_edit.html"
    return render(
        request,
        template,
        {
            "evaluation": item.case.evaluation,
            "case": item.case,
            "item": item,
            "form": form,
            "conflict": conflict,
        },
    )


def _conflicted_form(request, item, role, prefix, current):
    """What the user typed, now building on the version that is there: saving once more
    knowingly replaces it (the message above the form says so)."""
    data = request.POST.copy()
    if current is not None:
        data[f"{prefix}version"] = str(current.version)
    form = _entry_form(item.case, role, data, item=item, prefix=prefix)
    form.is_valid()
    return form


@login_required
@require_POST
def item_delete(request, slug, code, pk):
    item, _role = get_item_for_editor(request.user, slug, code, pk)
    deleted = {"pk": item.pk, "description": item.description}
    record = item.delete_by(request.user)
    template = "cases/item_deleted.html#undo" if request.htmx else "cases/item_deleted.html"
    return render(
        request,
        template,
        {"evaluation": item.case.evaluation, "case": item.case, "record": record, **deleted},
    )


@login_required
@require_POST
def item_restore(request, slug, code):
    """Undo a deletion: the item comes back exactly as it was, with its id and lines."""
    case, _role = get_case_for_editor(request.user, slug, code)
    record_id = request.POST.get("record", "")
    if not record_id.isdigit():
        raise Http404("Onbekende verwijdering.")
    record = get_object_or_404(
        ChangeRecord, pk=record_id, case=case, model="cases.TimelineItem", action=Action.DELETE
    )
    try:
        item = TimelineItem.restore(record, request.user)
    except ValueError as error:
        if request.htmx:
            return render(request, "cases/entry.html#notice", {"notice": str(error)})
        messages.error(request, str(error))
        return redirect("cases:entry", slug, code)
    if not request.htmx:
        messages.success(request, f"Teruggezet: {item.description}")
        return redirect(reverse("cases:entry", args=[slug, code]) + f"#item-{item.pk}")
    return render(
        request, "cases/entry.html#entry_item", {"case": case, "item": current_item(item.pk)}
    )


@login_required
@require_http_methods(["GET", "POST"])
def timeline_copy(request, slug, code):
    case, _role = get_case_for_editor(request.user, slug, code)
    form = CopyForm(list(case.evaluation.scenarios.all()), request.POST or None)
    if request.method == "POST" and form.is_valid():
        source, target = (form.scenarios[form.cleaned_data[key]] for key in ("source", "target"))
        copies = copy_timeline(request.user, case, source, target, form.cleaned_data["until"])
        messages.success(
            request,
            f"{len(copies)} {'item' if len(copies) == 1 else 'items'} gekopieerd van "
            f"‘{source.name}’ naar ‘{target.name}’.",
        )
        return redirect("cases:entry", slug, code)
    return render(
        request,
        "cases/timeline_copy.html",
        {"evaluation": case.evaluation, "case": case, "copy_form": form},
    )


@login_required
@require_http_methods(["GET", "POST"])
def session_record(request, slug, code):
    case, _role = get_case_for_editor(request.user, slug, code)
    form = SessionRecordForm(request.POST or None, initial=session_initial(case))
    saved = False
    if request.method == "POST" and form.is_valid():
        update_session_record(request.user, case, form.cleaned_data)
        if not request.htmx:
            messages.success(request, "Het sessieverslag is opgeslagen.")
            return redirect("cases:entry", slug, code)
        saved = True
    template = (
        "cases/session_record.html#session_form" if request.htmx else "cases/session_record.html"
    )
    return render(
        request,
        template,
        {"evaluation": case.evaluation, "case": case, "session_form": form, "saved": saved},
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
    case = get_case_for_user(request.user, slug, code)
    if request.htmx and request.GET.get("revision") == str(case.revision):
        return HttpResponse(status=204)
    drawn_at = timezone.now()  # before reading, so nothing saved meanwhile goes unmarked
    evaluation = case.evaluation
    return render(
        request,
        "cases/session.html#board" if request.htmx else "cases/session.html",
        {
            "evaluation": evaluation,
            "case": case,
            **_board(case),
            "since": _since(request.GET.get("since")),
            "drawn_at": drawn_at.isoformat(),
            "may_edit": evaluation.role_of(request.user) in EDITING_ROLES,
        },
    )
