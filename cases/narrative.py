"""Editing an evaluation's details and chapters, and a case's details and story.

Only the effectencalculateur writes the narrative. Free text passes the privacy guard first;
the effectencalculateur may confirm that what it found is not personal data. Every save is
kept in the history with the values before and after.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from accounts.models import Role
from cases.access import get_case_for_user, get_evaluation_for_user
from cases.models import Case, Evaluation
from history.models import Action
from history.recorder import record_change, snapshot
from lib.privacy import find_personal_data, warning

TEXTAREA = forms.Textarea(attrs={"rows": 6})


class GuardedForm(forms.ModelForm):
    """A model form whose free-text fields pass the privacy guard."""

    not_personal = forms.BooleanField(
        label="Wat hierboven gemeld is, zijn geen persoonsgegevens",
        required=False,
        help_text="Vink dit alleen aan als u zeker weet dat de gevonden tekst niemand aanwijst.",
    )

    def clean(self):
        data = super().clean()
        if data.get("not_personal"):
            return data
        for name, value in list(data.items()):
            findings = find_personal_data(value) if isinstance(value, str) else []
            if findings:
                self.add_error(name, warning(findings))
        return data


class EvaluationForm(GuardedForm):
    class Meta:
        model = Evaluation
        fields = [
            "title",
            "client",
            "date",
            "introduction",
            "research_questions",
            "conclusions",
            "recommendations",
        ]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "introduction": TEXTAREA,
            "research_questions": TEXTAREA,
            "conclusions": TEXTAREA,
            "recommendations": TEXTAREA,
        }
        help_texts = {"introduction": "Markdown mag: **vet**, *schuin*, lijstjes met - ."}


class CaseForm(GuardedForm):
    class Meta:
        model = Case
        fields = ["title", "start_date", "end_date", *Case.NARRATIVE_FIELDS]
        widgets = {
            "start_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "end_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            **dict.fromkeys(Case.NARRATIVE_FIELDS, TEXTAREA),
        }

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", "De einddatum ligt vóór de startdatum.")
        return data


def _require_chair(evaluation, user) -> None:
    if evaluation.role_of(user) != Role.EFFECTENCALCULATEUR:
        raise PermissionDenied("Alleen een effectencalculateur bewerkt het verhaal.")


def _save(request, form, instance) -> None:
    before = snapshot(instance)
    with transaction.atomic():
        saved = form.save()
        record_change(request.user, saved, Action.UPDATE, before=before)
    messages.success(request, "Opgeslagen.")


@login_required
@require_http_methods(["GET", "POST"])
def edit_evaluation(request, slug):
    evaluation = get_evaluation_for_user(request.user, slug)
    _require_chair(evaluation, request.user)
    form = EvaluationForm(request.POST or None, instance=evaluation)
    if request.method == "POST" and form.is_valid():
        _save(request, form, Evaluation.objects.get(pk=evaluation.pk))
        return redirect(evaluation)
    return render(request, "cases/evaluation_edit.html", {"evaluation": evaluation, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def edit_case(request, slug, code):
    case = get_case_for_user(request.user, slug, code)
    _require_chair(case.evaluation, request.user)
    form = CaseForm(request.POST or None, instance=case)
    if request.method == "POST" and form.is_valid():
        _save(request, form, Case.objects.get(pk=case.pk))
        return redirect(case)
    return render(
        request,
        "cases/case_edit.html",
        {"evaluation": case.evaluation, "case": case, "form": form},
    )
