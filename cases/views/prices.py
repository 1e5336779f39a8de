"""An evaluation's prices: finding a price item by a few letters while a line is typed, and
adding one during the session (the effectencalculateur, from the entry screen's dialog);
re-pricing it onto another version of the price list, with a
preview of what every line and total becomes, the margins per hardness that give its figures
their range, and the settings of its course over time (projection, discounting, deadweight,
attribution), and its retention period under the AVG (cases.retention). Everyone with a role
reads the margins; the effectencalculateur changes them and re-prices."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods
from django_htmx.http import trigger_client_event

from accounts.models import CHAIRS, READERS, permissions
from cases import repricing as repricing_rules
from cases import retention
from cases.access import get_case, get_evaluation
from cases.forms import price_code
from cases.models import Evaluation
from history.recorder import save_form
from pricelist.forms import SessionPriceItemForm
from pricelist.models import PriceItem, PriceList


class MarginsForm(forms.ModelForm):
    """The margins per hardness, and the settings of the course over time and of the second,
    adjusted verschil: what the figures' certainty and projection rest on."""

    class Meta:
        model = Evaluation
        fields = [
            "margin_hard",
            "margin_onderbouwd",
            "margin_aanname",
            "horizon_years",
            "discount_rate",
            "deadweight",
            "attribution",
            "retention_months",
        ]
        localized_fields = fields
        labels = {
            "margin_hard": "Marge hard (± %)",
            "margin_onderbouwd": "Marge onderbouwd (± %)",
            "margin_aanname": "Marge aanname (± %)",
            "horizon_years": "Projectie na de casus (jaren, 0–10)",
            "discount_rate": "Discontovoet (% per jaar; 0 is geen discontering)",
            "deadweight": "Deadweight (%: wat ook zonder interventie was gebeurd)",
            "attribution": "Attributie (%: wat aan anderen toe te schrijven is)",
            "retention_months": "Bewaartermijn (maanden; leeg: die van de organisatie)",
        }


class RepricingForm(forms.Form):
    target = forms.ModelChoiceField(
        label="Nieuwe prijslijstversie", queryset=None, to_field_name="pk", empty_label=None
    )

    def __init__(self, evaluation: Evaluation, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].queryset = PriceList.objects.filter(
            organisation_id=evaluation.organisation_id
        ).exclude(pk=evaluation.price_list_id)


@login_required
@require_http_methods(["GET", "POST"])
def repricing(request, slug):
    evaluation, _role = get_evaluation(request.user, slug, CHAIRS)
    form = RepricingForm(evaluation, request.POST or request.GET or None)
    preview, error = None, ""
    if form.is_bound and form.is_valid():
        target = form.cleaned_data["target"]
        try:
            if request.method == "POST":
                repricing_rules.apply(evaluation, target, request.user)
                messages.success(request, f"De evaluatie gebruikt nu ‘{target.name}’.")
                return redirect(evaluation)
            preview = repricing_rules.preview(evaluation, target)
        except repricing_rules.RepricingError as refusal:
            error = str(refusal)
            preview = repricing_rules.preview(evaluation, target)
    context = {"evaluation": evaluation, "form": form, "preview": preview, "error": error}
    return render(request, "cases/repricing.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def margins(request, slug):
    """The margins per hardness; everyone reads them, the chair changes them."""
    may = CHAIRS if request.method == "POST" else READERS
    evaluation, role = get_evaluation(request.user, slug, may)
    form = MarginsForm(request.POST or None, instance=evaluation)
    if request.method == "POST" and form.is_valid():
        save_form(request.user, form)
        messages.success(request, "De marges zijn opgeslagen.")
        return redirect(evaluation)
    context = {
        "evaluation": evaluation,
        "form": form,
        "retention_notice": retention.notice(retention.with_last_change_of(evaluation)),
        **permissions(role),
    }
    return render(request, "cases/repricing_margins.html", context)


MAX_QUERY = 100  # letters of a search; no price item's code or name needs more


def session_price_item_form(case, role, data=None):
    """The dialog's form for a new price item on the entry screen: the effectencalculateur's
    alone (None for everyone else)."""
    if role not in CHAIRS:
        return None
    price_list = case.evaluation.price_list
    item = PriceItem(price_list=price_list, price_year=price_list.price_year)
    return SessionPriceItemForm(data, instance=item)


@login_required
@require_GET
def price_search(request, slug, code):
    """Price items found by a few letters of their code, name or category, ranked: the
    combobox's options while a line is typed (htmx), or a page of results."""
    case, _role = get_case(request.user, slug, code)
    typed = request.GET.get("q") or next(
        (value for key, value in request.GET.items() if key.endswith("-price_item")), ""
    )
    query = price_code(typed)[:MAX_QUERY]
    items = case.evaluation.price_list.items
    found = items.ranked(query) if query else list(items.select_related("financier")[:20])
    template = "cases/price_search.html#options" if request.htmx else "cases/price_search.html"
    context = {"evaluation": case.evaluation, "case": case, "query": query, "items": found}
    return render(request, template, context)


@login_required
@require_http_methods(["GET", "POST"])
def price_item_add(request, slug, code):
    """A price item added to the evaluation's price list during the session, also when the
    list is in use (pricelist.models). From the entry screen's dialog the answer is the empty
    dialog again and an event that puts the new item in the price field being typed; the
    row being typed is another form and stays as it was."""
    case, role = get_case(request.user, slug, code, CHAIRS)
    form = session_price_item_form(case, role, request.POST or None)
    context = {"evaluation": case.evaluation, "case": case, "price_item_form": form}
    if request.method == "POST" and form.is_valid():
        form.instance.save_by(request.user, during_session=True)
        added = form.instance
        notice = f"Prijsitem toegevoegd: {added.code} – {added.name}"
        if not request.htmx:
            messages.success(request, notice)
            return redirect("cases:entry", slug, code)
        context["price_item_form"] = session_price_item_form(case, role)
        response = render(request, "cases/_price_item_dialog.html#dialog_form", context)
        return trigger_client_event(
            response, "price-item-added", {"value": str(added), "notice": notice}, after="swap"
        )
    template = (
        "cases/_price_item_dialog.html#dialog_form" if request.htmx else "cases/price_item_add.html"
    )
    return render(request, template, context)
