"""An evaluation's prices: re-pricing it onto another version of the price list, with a
preview of what every line and total becomes, the margins per hardness that give its figures
their range, and the settings of its course over time (projection, discounting, deadweight,
attribution), and its retention period under the AVG (cases.retention). Everyone with a role
reads the margins; the effectencalculateur changes them and re-prices."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from accounts.models import CHAIRS, READERS, permissions
from cases import repricing as repricing_rules
from cases import retention
from cases.access import get_evaluation
from cases.models import Evaluation
from history.recorder import save_form
from pricelist.models import PriceList


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
