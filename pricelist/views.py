"""The organisation's price lists: browse and filter, edit items inline, import and export,
new versions (copied or indexed), and the bin of deleted versions and items.

Access through :mod:`pricelist.access`; the rules (locking, indexation) through model methods.
Re-pricing an evaluation onto another version is the evaluation's screen (cases.views.prices).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.access import get_organisations, organisations
from accounts.models import CHAIRS, permissions
from history.models import AccessKind, ChangeRecord
from history.recorder import in_bin, record_access, save_form
from lib.sheets.errors import WorkbookError
from pricelist.access import get_price_item, get_price_list, visible_price_lists
from pricelist.exchange import export_price_list
from pricelist.forms import DeriveForm, FilterForm, ImportForm, PriceItemForm, PriceListForm
from pricelist.models import LOCKED_MESSAGE, PriceItem, PriceList
from pricelist.sheet import import_price_list

CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}


def _locked(request, price_list):
    """The refusal of an edit to a version in use, pointing to a new version."""
    context = {"price_list": price_list, "message": LOCKED_MESSAGE}
    return render(request, "pricelist/locked.html", context, status=409)


@login_required
@require_GET
def price_list_list(request):
    price_lists = (
        visible_price_lists(request.user)
        .select_related("organisation", "based_on")
        .annotate(
            item_count=Count("items", distinct=True), use_count=Count("evaluations", distinct=True)
        )
    )
    can_import = organisations(request.user, CHAIRS).exists()
    context = {"price_lists": price_lists, "can_import": can_import}
    return render(request, "pricelist/list.html", context)


@login_required
@require_GET
def price_list_detail(request, pk):
    price_list, role = get_price_list(request.user, pk)
    form = FilterForm(price_list, request.GET)
    filters = form.filters()
    items = price_list.items.select_related("financier").matching(**filters)
    template = "pricelist/detail.html#items" if request.htmx else "pricelist/detail.html"
    context = {
        "price_list": price_list,
        "items": items,
        "form": form,
        "filtered": any(filters.values()),
        "query": filters["query"],
        **permissions(role),
        "is_locked": price_list.is_locked,
        "evaluations": price_list.evaluations.order_by("title"),
    }
    return render(request, template, context)


@login_required
@require_GET
def price_list_export(request, pk, suffix):
    price_list, _role = get_price_list(request.user, pk)
    response = HttpResponse(export_price_list(price_list, suffix), CONTENT_TYPES[suffix])
    filename = f"prijslijst-{price_list.pk}.{suffix}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    record_access(
        request.user,
        AccessKind.EXPORT,
        what=f"{price_list.name} ({filename})",
        organisation=price_list.organisation,
    )
    return response


@login_required
@require_http_methods(["GET", "POST"])
def price_list_import(request):
    chaired = get_organisations(request.user, CHAIRS)
    form = ImportForm(chaired, request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                price_list = import_price_list(
                    data["file"], data["organisation"], data["name"], data["price_year"]
                )
                price_list.record_creation(request.user)
        except WorkbookError as error:
            errors = error.messages
        else:
            messages.success(request, f"De prijslijst ‘{price_list.name}’ is geïmporteerd.")
            return redirect("pricelist:detail", price_list.pk)
    return render(request, "pricelist/import.html", {"form": form, "errors": errors})


def _chaired_organisations(user) -> set[int]:
    return set(organisations(user, CHAIRS).values_list("pk", flat=True))


@login_required
@require_GET
def price_bin(request):
    """Deleted versions and price items of the user's organisations, newest first."""
    scope = {"organisation__memberships__user": request.user}
    price_lists = in_bin(PriceList._meta.label, **scope).select_related("user", "organisation")
    items = list(in_bin(PriceItem._meta.label, **scope).select_related("user", "organisation"))
    list_ids = {record.before.get("price_list_id") for record in items}
    names = dict(PriceList.objects.filter(pk__in=list_ids).values_list("pk", "name"))
    for record in items:
        record.price_list_name = names.get(record.before.get("price_list_id"))
    context = {
        "price_lists": price_lists,
        "items": items,
        "chaired": _chaired_organisations(request.user),
    }
    return render(request, "pricelist/bin.html", context)


@login_required
@require_POST
def price_bin_restore(request, pk):
    labels = {PriceList._meta.label: PriceList, PriceItem._meta.label: PriceItem}
    record = get_object_or_404(
        ChangeRecord, pk=pk, model__in=labels, organisation__memberships__user=request.user
    )
    if record.organisation_id not in _chaired_organisations(request.user):
        raise PermissionDenied(CHAIRS.refusal)
    try:
        restored = labels[record.model].restore(record, request.user)
    except ValueError as error:
        if request.htmx:  # the undo in a deleted item's row: say why it stays deleted
            context = {"record": record, "error": str(error)}
            return render(request, "pricelist/detail.html#item-deleted", context)
        messages.error(request, str(error))
    else:
        if request.htmx and isinstance(restored, PriceItem):
            context = {"item": restored, "price_list": restored.price_list, "may_chair": True}
            return render(request, "pricelist/detail.html#item-row", context)
        messages.success(request, f"‘{restored}’ is teruggezet.")
    return redirect("pricelist:bin")


@login_required
@require_http_methods(["GET", "POST"])
def price_list_derive(request, pk):
    price_list, _role = get_price_list(request.user, pk, CHAIRS)
    form = DeriveForm(price_list, request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        derived = price_list.derive(
            request.user, data["name"], data["price_year"], form.indexation()
        )
        messages.success(request, f"De nieuwe versie ‘{derived.name}’ is gemaakt.")
        return redirect("pricelist:detail", derived.pk)
    return render(request, "pricelist/derive.html", {"price_list": price_list, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def price_list_edit(request, pk):
    price_list, _role = get_price_list(request.user, pk, CHAIRS)
    if price_list.is_locked:
        return _locked(request, price_list)
    form = PriceListForm(request.POST or None, instance=price_list)
    if request.method == "POST" and form.is_valid():
        save_form(request.user, form)
        messages.success(request, f"De prijslijst heet nu ‘{price_list.name}’.")
        return redirect("pricelist:detail", price_list.pk)
    return render(request, "pricelist/edit.html", {"price_list": price_list, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def price_list_delete(request, pk):
    price_list, _role = get_price_list(request.user, pk, CHAIRS)
    if price_list.is_locked:
        return _locked(request, price_list)
    if request.method == "POST":
        price_list.delete_by(request.user)
        messages.success(
            request,
            f"De prijslijst ‘{price_list.name}’ is verwijderd; de prullenbak kan haar terugzetten.",
        )
        return redirect("pricelist:list")
    return render(request, "pricelist/delete.html", {"price_list": price_list})


@login_required
@require_GET
def item_row(request, pk, item_pk):
    """One item's row: what an inline edit's "Annuleren" puts back."""
    price_list, role = get_price_list(request.user, pk)
    item = get_object_or_404(price_list.items.select_related("financier"), pk=item_pk)
    if not request.htmx:
        return redirect(f"{reverse('pricelist:detail', args=[pk])}#item-{item.pk}")
    context = {
        "price_list": price_list,
        "item": item,
        **permissions(role),
        "is_locked": price_list.is_locked,
    }
    return render(request, "pricelist/detail.html#item-row", context)


def _save_item(request, price_list, form):
    """Save a valid form; answer htmx with the row, a page with the list."""
    form.instance.save_by(request.user)
    if request.htmx:
        context = {
            "price_list": price_list,
            "item": form.instance,
            "may_chair": True,
            "is_locked": False,
        }
        return render(request, "pricelist/detail.html#item-row", context)
    messages.success(request, f"Het prijsitem ‘{form.instance.code}’ is opgeslagen.")
    return redirect(f"{reverse('pricelist:detail', args=[price_list.pk])}#item-{form.instance.pk}")


@login_required
@require_http_methods(["GET", "POST"])
def item_create(request, pk):
    price_list, _role = get_price_list(request.user, pk, CHAIRS)
    if price_list.is_locked:
        return _locked(request, price_list)
    item = PriceItem(price_list=price_list)
    form = PriceItemForm(request.POST or None, instance=item)
    if request.method == "POST" and form.is_valid():
        return _save_item(request, price_list, form)
    context = {"price_list": price_list, "form": form, "item": None}
    return render(request, "pricelist/item_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def item_edit(request, pk, item_pk):
    item, _role = get_price_item(request.user, pk, item_pk)
    price_list = item.price_list
    if price_list.is_locked:
        return _locked(request, price_list)
    form = PriceItemForm(request.POST or None, instance=item)
    if request.method == "POST" and form.is_valid():
        return _save_item(request, price_list, form)
    template = "pricelist/item_form.html#row-form" if request.htmx else "pricelist/item_form.html"
    return render(request, template, {"price_list": price_list, "form": form, "item": item})


@login_required
@require_POST
def item_delete(request, pk, item_pk):
    item, _role = get_price_item(request.user, pk, item_pk)
    price_list = item.price_list
    if price_list.is_locked:
        return _locked(request, price_list)
    try:
        record = item.delete_by(request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if request.htmx:  # the row becomes a notice with an undo
            context = {"item": item, "record": record}
            return render(request, "pricelist/detail.html#item-deleted", context)
        messages.success(
            request,
            f"Het prijsitem ‘{item.code}’ is verwijderd; de prullenbak kan het terugzetten.",
        )
    return redirect("pricelist:detail", price_list.pk)
