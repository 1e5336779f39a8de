"""The notulist's entry screen: the quick-entry row, the list of items with inline edit,
delete and undo, copying a timeline into another werkwijze, and the session record.

A save answers with only the new item (the browser puts the blank quick-entry row back
itself), so saving costs the same in a case of ten items or ten thousand. Items are written
by :mod:`cases.timeline` alone.

The browser (``static/js/entry.js``) hands each item to its outbox at Enter and goes on with
a fresh row at once; the outbox sends the items one after the other, each with an
idempotency key it made, and keeps them through a lost connection or a reload. A refused
item comes back as a row of its own in the list (a form whose fields carry the prefix
``k<12 hex digits of its key>-``), to be corrected and sent again.
"""

import re
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import Http404, HttpResponseBadRequest, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import reswap

from accounts.models import EDITORS
from cases import rules, timeline
from cases.access import get_case, get_item
from cases.figures import cost_plan, with_costs
from cases.forms import CopyForm, EntryForm, SessionRecordForm, session_initial
from cases.models import CostLine, TimelineCopy
from cases.views.prices import session_price_item_form
from cases.views.prognosis import frozen_refusal
from history.models import Action, ChangeRecord


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
    """The case's items, last entered first, with their lines and costs, in a constant
    number of queries."""
    lines = CostLine.objects.select_related("price_item__financier", "financier")
    items = case.items.filter(is_forecast=False).select_related("scenario")
    items = items.prefetch_related(Prefetch("lines", lines))
    return with_costs(items.order_by("-pk"))


def _with_cost(item):
    """An item about to be shown as a row of the list, with its cost from the engine."""
    return with_costs([item])[0] if item is not None else None


# The quick-entry row has no prefix; an item refused after it left the row is a form of its
# own in the list, named after its idempotency key.
ROW_PREFIX = re.compile(r"k[0-9a-f]{12}-")


def _row_prefix(data) -> str:
    prefix = data.get("formprefix", "")
    if prefix and not ROW_PREFIX.fullmatch(prefix):
        raise Http404("Onbekend formulier.")
    return prefix


def _idempotency_key(data) -> UUID | None:
    """The key the browser's outbox made for the item; None when the form came without one
    (the page without JavaScript). Raises ValueError when it is not a UUID."""
    text = data.get("idempotency_key", "").strip()
    return UUID(text) if text else None


def _as_row(data, prefix: str) -> QueryDict:
    """The quick-entry row's fields as the fields of a row in the list with ``prefix``."""
    row = QueryDict(mutable=True)
    for name, values in data.lists():
        if name not in ("csrfmiddlewaretoken", "formprefix", "idempotency_key"):
            row.setlist(prefix + name, values)
    row["formprefix"] = prefix
    return row


@login_required
@require_http_methods(["GET", "POST"])
def entry(request, slug, code):
    case, role = get_case(request.user, slug, code, EDITORS)
    prefix = _row_prefix(request.POST)
    try:
        key = _idempotency_key(request.POST)
    except ValueError:
        return HttpResponseBadRequest(
            "Dit item is verstuurd met een ongeldige sleutel: dat moet een UUID zijn.",
            content_type="text/plain; charset=utf-8",
        )
    form = _entry_form(case, role, request.POST or None, prefix=prefix)
    problem = None
    if request.method == "POST" and form.is_valid():
        try:
            created, new = timeline.create_item(
                request.user, case, form.item_fields(), form.lines(), key
            )
        except timeline.KeyElsewhere as error:
            problem = str(error)
        else:
            if not request.htmx:
                messages.success(request, f"Opgeslagen: {created.description}")
                for warning in rules.item_warnings(created):
                    messages.warning(request, f"Let op: {rules.sentence(warning)}")
                return redirect("cases:entry", slug, code)
            # Only the new row travels: the browser's outbox has long put the empty row back
            # (keeping the kind and werkwijze). A second answer for one key names the item
            # the first one made.
            return reswap(
                render(
                    request,
                    "cases/entry.html#saved",
                    {
                        "case": case,
                        "created": _with_cost(created),
                        "again": not new,
                        "warnings": rules.item_warnings(created),
                    },
                ),
                "none",
            )
    if request.htmx and key is not None:
        # From the outbox: the item left the quick-entry row long ago, so it comes back as
        # a row of its own, with its refusals at its fields. A key of another case is not
        # kept: the browser makes a new one when the item is sent again.
        if not prefix:
            prefix = f"k{key.hex[:12]}-"
            form = _entry_form(case, role, _as_row(request.POST, prefix), prefix=prefix)
            form.is_valid()
        return render(
            request,
            "cases/entry.html#refused_row",
            {
                "case": case,
                "form": form,
                "row_id": f"outbox-{key}",
                "row_key": "" if problem else key,
                "problem": problem,
            },
        )
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
            "last_copy": case.copies.filter(undone_at__isnull=True)
            .select_related("source", "target")
            .first(),
            "session_form": SessionRecordForm(initial=session_initial(case)),
            "price_item_form": session_price_item_form(case, role),
        },
    )


@login_required
@require_POST
def entry_preview(request, slug, code):
    """What each cost line of a form being typed will cost, by the costing engine."""
    case, role = get_case(request.user, slug, code, EDITORS)
    prefix = request.POST.get("formprefix", "")
    editing = prefix.startswith("item") and prefix[4:-1].isdigit() and prefix.endswith("-")
    if prefix and not editing and not ROW_PREFIX.fullmatch(prefix):
        raise Http404("Onbekend formulier.")
    form = _entry_form(case, role, request.POST, prefix=prefix)
    return render(
        request,
        "cases/entry.html#previews",
        {"previews": list(zip(form.line_forms, form.previews(), form.warnings(), strict=True))},
    )


@login_required
@require_GET
def item(request, slug, code, pk):
    """One item as a row of the entry list (to cancel an inline edit)."""
    item, _role = get_item(request.user, slug, code, pk)
    if not request.htmx:
        return redirect(reverse("cases:entry", args=[slug, code]) + f"#item-{item.pk}")
    return render(
        request, "cases/entry.html#entry_item", {"case": item.case, "item": _with_cost(item)}
    )


@login_required
@require_http_methods(["GET", "POST"])
def item_edit(request, slug, code, pk):
    item, role = get_item(request.user, slug, code, pk)
    if item.is_forecast:
        return frozen_refusal(request, item)
    prefix = f"item{item.pk}-"
    form = _entry_form(item.case, role, request.POST or None, item=item, prefix=prefix)
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            item = timeline.update_item(
                request.user, item, form.version, form.item_fields(), form.lines()
            )
        except timeline.Conflict as error:
            conflict = error
            with_costs([error.current] if error.current else [])
            form = _conflicted_form(request, item, role, prefix, error.current)
        else:
            if not request.htmx:
                messages.success(request, f"Gewijzigd: {item.description}")
                return redirect(reverse("cases:entry", args=[slug, code]) + f"#item-{item.pk}")
            return render(
                request,
                "cases/entry.html#entry_item",
                {"case": item.case, "item": _with_cost(item)},
            )
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
    item, _role = get_item(request.user, slug, code, pk)
    if item.is_forecast:
        return frozen_refusal(request, item)
    deleted = {"pk": item.pk, "description": item.description}
    record = timeline.delete_item(request.user, item)
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
    case, _role = get_case(request.user, slug, code, EDITORS)
    record_id = request.POST.get("record", "")
    if not record_id.isdigit():
        raise Http404("Onbekende verwijdering.")
    record = get_object_or_404(
        ChangeRecord, pk=record_id, case=case, model="cases.TimelineItem", action=Action.DELETE
    )
    try:
        item = timeline.restore_item(request.user, record)
    except ValueError as error:
        if request.htmx:
            return render(request, "cases/entry.html#notice", {"notice": str(error)})
        messages.error(request, str(error))
        return redirect("cases:entry", slug, code)
    if not request.htmx:
        messages.success(request, f"Teruggezet: {item.description}")
        return redirect(reverse("cases:entry", args=[slug, code]) + f"#item-{item.pk}")
    return render(
        request,
        "cases/entry.html#entry_item",
        {"case": case, "item": _with_cost(timeline.current_item(item.pk))},
    )


@login_required
@require_http_methods(["GET", "POST"])
def timeline_copy(request, slug, code):
    """Copying a timeline in two steps: the form's answer is a preview of what would be
    copied and what in the target overlaps it, written nowhere; only "Kopiëren" on that
    preview (``bevestigen``) writes the copy."""
    case, _role = get_case(request.user, slug, code, EDITORS)
    form = CopyForm(list(case.evaluation.scenarios.all()), request.POST or None)
    context = {"evaluation": case.evaluation, "case": case, "copy_form": form}
    if request.method == "POST" and form.is_valid():
        source, target = (form.scenarios[form.cleaned_data[key]] for key in ("source", "target"))
        until = form.cleaned_data["until"]
        if request.POST.get("bevestigen"):
            made = timeline.copy_timeline(
                request.user, case, source, target, until, form.cleaned_data["skip_overlaps"]
            )
            return redirect("cases:timeline_copy_made", slug, code, made.pk)
        plan = timeline.plan_copy(case, source, target, until)
        total = cost_plan(plan)
        with_costs({other.pk: other for p in plan for other in p.overlaps}.values())
        context |= {
            "plan": plan,
            "source": source,
            "target": target,
            "total": total,
            "overlapping": sum(1 for planned in plan if planned.overlaps),
        }
    return render(request, "cases/timeline_copy.html", context)


@login_required
@require_GET
def timeline_copy_made(request, slug, code, pk):
    """A copy that was made: its items as they are now, and "Kopie ongedaan maken"."""
    case, _role = get_case(request.user, slug, code, EDITORS)
    made = get_object_or_404(
        TimelineCopy.objects.select_related("source", "target"), pk=pk, case=case
    )
    lines = CostLine.objects.select_related("price_item__financier", "financier")
    items = (
        case.items.filter(pk__in=made.item_ids)
        .select_related("scenario")
        .prefetch_related(Prefetch("lines", lines))
    )
    return render(
        request,
        "cases/timeline_copy_made.html",
        {
            "evaluation": case.evaluation,
            "case": case,
            "made": made,
            "items": with_costs(items),
        },
    )


@login_required
@require_POST
def timeline_copy_undo(request, slug, code, pk):
    """The whole copy undone in one step: exactly the items it made are removed."""
    case, _role = get_case(request.user, slug, code, EDITORS)
    made = get_object_or_404(
        TimelineCopy.objects.select_related("source", "target"), pk=pk, case=case
    )
    try:
        removed = timeline.undo_copy(request.user, made)
    except timeline.AlreadyUndone as error:
        messages.error(request, str(error))
        return redirect("cases:timeline_copy_made", slug, code, made.pk)
    messages.success(
        request,
        f"Kopie ongedaan gemaakt: {removed} {'item' if removed == 1 else 'items'} uit "
        f"‘{made.target.name}’ verwijderd. Elk item staat in de prullenbak.",
    )
    return redirect("cases:entry", slug, code)


@login_required
@require_http_methods(["GET", "POST"])
def session_record(request, slug, code):
    case, _role = get_case(request.user, slug, code, EDITORS)
    form = SessionRecordForm(request.POST or None, initial=session_initial(case))
    saved = False
    if request.method == "POST" and form.is_valid():
        timeline.update_session_record(request.user, case, form.cleaned_data)
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
