"""Editing an evaluation's details and chapters, and a case's details and story.

Only the effectencalculateur writes the narrative. Free text passes the privacy guard first;
the effectencalculateur may confirm that what it found is not personal data. Every save is
kept in the history with the values before and after.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from accounts.models import CHAIRS
from cases.access import get_case, get_evaluation
from cases.forms import CaseFormBase, GuardedForm
from cases.models import Case, Evaluation
from cases.pagefit import overflowing_summaries
from history.recorder import save_form
from lib import questions

TEXTAREA = forms.Textarea(attrs={"rows": 6})


class EvaluationForm(GuardedForm):
    class Meta:
        model = Evaluation
        fields = [
            "title",
            "client",
            "date",
            "introduction",
            "research_questions",
            "research_answers",
            "conclusions",
            "recommendations",
        ]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "introduction": TEXTAREA,
            "research_questions": TEXTAREA,
            "research_answers": TEXTAREA,
            "conclusions": TEXTAREA,
            "recommendations": TEXTAREA,
        }
        help_texts = {
            "introduction": "Markdown mag: **vet**, *schuin*, lijstjes met - .",
            "research_questions": "Eén vraag per regel als genummerde lijst (1. …, 2. …).",
        }

    def clean(self):
        data = super().clean()
        problem = questions.surplus_problem(
            data.get("research_questions") or "", data.get("research_answers") or ""
        )
        if problem:
            self.add_error("research_answers", problem)
        return data


class CaseForm(CaseFormBase):
    class Meta:
        model = Case
        fields = ["title", "start_date", "end_date", *Case.NARRATIVE_FIELDS]
        widgets = {
            "start_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "end_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            **dict.fromkeys(Case.NARRATIVE_FIELDS, TEXTAREA),
        }


@login_required
@require_http_methods(["GET", "POST"])
def edit_evaluation(request, slug):
    evaluation, _role = get_evaluation(request.user, slug, CHAIRS)
    form = EvaluationForm(request.POST or None, instance=evaluation)
    if request.method == "POST" and form.is_valid():
        save_form(request.user, form)
        messages.success(request, "Opgeslagen.")
        return redirect(evaluation)
    return render(request, "cases/evaluation_edit.html", {"evaluation": evaluation, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def edit_case(request, slug, code):
    case, _role = get_case(request.user, slug, code, CHAIRS)
    form = CaseForm(request.POST or None, instance=case)
    if request.method == "POST" and form.is_valid():
        save_form(request.user, form)
        messages.success(request, "Opgeslagen.")
        # Told now, while the text is fresh, not when the PDF turns out a page longer.
        if found := overflowing_summaries(case.evaluation, case):
            messages.warning(request, found[0].message)
        return redirect(case)
    # On a refused form, the estimate is of the text as typed (validating set it on the case).
    return render(
        request,
        "cases/case_edit.html",
        {
            "evaluation": case.evaluation,
            "case": case,
            "form": form,
            "overflowing": overflowing_summaries(case.evaluation, case),
        },
    )
