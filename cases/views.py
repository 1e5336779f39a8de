"""Evaluations and cases: list, import, detail, workbook download.

Access is checked in every view through :mod:`cases.access`; the figures come from
:mod:`cases.costing` through the models, views only arrange them for the templates.
"""

import tempfile
from io import BytesIO
from pathlib import Path

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Prefetch
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from cases import costing
from cases.access import (
    get_case_for_user,
    get_evaluation_for_user,
    get_import_organisations,
    import_organisations,
    user_role,
)
from cases.models import CostLine, Evaluation
from cases.workbook import WorkbookError, export_workbook, import_workbook
from history.models import AccessKind
from history.recorder import record_access

WORKBOOK_SUFFIXES = (".xlsx", ".zip")


class ImportForm(forms.Form):
    organisation = forms.ModelChoiceField(label="Organisatie", queryset=None, empty_label=None)
    workbook = forms.FileField(
        label="Werkmap (.xlsx, of .zip met CSV-bestanden)",
        widget=forms.FileInput(attrs={"accept": ",".join(WORKBOOK_SUFFIXES)}),
    )

    def __init__(self, organisations, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        if len(organisations) == 1:
            # Nothing to choose: the one organisation is sent along unseen.
            self.fields["organisation"].initial = organisations[0]
            self.fields["organisation"].widget = forms.HiddenInput()

    def clean_workbook(self):
        workbook = self.cleaned_data["workbook"]
        if not workbook.name.lower().endswith(WORKBOOK_SUFFIXES):
            raise forms.ValidationError("Kies een .xlsx-bestand of een .zip met CSV-bestanden.")
        if workbook.size > settings.WORKBOOK_MAX_BYTES:
            raise forms.ValidationError("Het bestand is te groot.")
        return workbook


@login_required
@require_GET
def evaluation_list(request):
    evaluations = (
        Evaluation.objects.filter(organisation__memberships__user=request.user)
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


@login_required
@require_GET
def case_detail(request, slug, code):
    case = get_case_for_user(request.user, slug, code)
    evaluation = case.evaluation
    record_access(request.user, AccessKind.VIEW_CASE, evaluation, case)
    scenarios = list(evaluation.scenarios.all())
    items = _timeline_items(case)
    lines = [line for item in items for line in item.lines.all()]
    reference = next(s.code for s in scenarios if s.is_reference)
    figures = costing.case_figures(
        [s.code for s in scenarios], reference, [line.to_costing() for line in lines]
    )
    price_names = {line.price_item.code: line.price_item.name for line in lines if line.price_item}
    financiers = dict(evaluation.organisation.financiers.values_list("code", "name"))
    return render(
        request,
        "cases/case_detail.html",
        {
            "evaluation": evaluation,
            "case": case,
            "narrative": _narrative(case),
            "scenarios": scenarios,
            "timelines": [_timeline(s, items, figures) for s in scenarios],
            "hours": _key_table(figures, scenarios, "hours", price_names),
            "by_financier": _key_table(figures, scenarios, "by_financier", financiers),
        },
    )
