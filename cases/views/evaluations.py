"""The evaluations: the list, a workbook's import and download, and an evaluation's page with
its cross-case table, charts and how firm its figures are (all from :mod:`cases.figures`)."""

import tempfile
from io import BytesIO
from pathlib import Path

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from accounts.access import get_organisations, organisations
from accounts.forms import OrganisationUploadForm
from accounts.models import CHAIRS, permissions
from cases import figures, retention
from cases.access import get_evaluation, visible_evaluations
from cases.charts import tornado_chart, werkwijzen_charts
from cases.pagefit import overflowing_summaries
from cases.workbook import WorkbookError, export_workbook, import_workbook
from history.models import AccessKind
from history.recorder import record_access

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
    evaluations = list(
        retention.with_last_change(visible_evaluations(request.user))
        .select_related("organisation", "price_list")
        .annotate(case_count=Count("cases", distinct=True))
    )
    for evaluation in evaluations:
        evaluation.retention_notice = retention.notice(evaluation)
    chaired = organisations(request.user, CHAIRS)
    form = ImportForm(chaired) if chaired.exists() else None
    return render(
        request,
        "cases/evaluation_list.html",
        {"evaluations": evaluations, "form": form, "errors": []},
    )


@login_required
@require_http_methods(["GET", "POST"])
def evaluation_import(request):
    chaired = get_organisations(request.user, CHAIRS)
    form = ImportForm(chaired, request.POST or None, request.FILES or None)
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


@login_required
@require_GET
def evaluation_detail(request, slug):
    evaluation, role = get_evaluation(request.user, slug)
    loaded = figures.load(evaluation)
    retention_notice = retention.notice(retention.with_last_change_of(evaluation))
    return render(
        request,
        "cases/evaluation_detail.html",
        {
            "evaluation": evaluation,
            "role": role,
            "retention_notice": retention_notice,
            "overflowing": overflowing_summaries(evaluation),
            "link_cases": True,
            "scenarios": loaded.scenarios,
            "table": loaded.table,
            "charts": werkwijzen_charts(loaded),
            "firmness": loaded.firmness,
            "outlooks": [
                (outlook, tornado_chart(outlook, f"tornado-all-{n}", "alle casussen"))
                for n, outlook in enumerate(loaded.outlooks())
            ]
            if loaded.cases
            else [],
            **permissions(role),
        },
    )


@login_required
@require_GET
def evaluation_export(request, slug):
    evaluation, _role = get_evaluation(request.user, slug)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"{evaluation.slug}.xlsx"
        export_workbook(evaluation, path)
        content = BytesIO(path.read_bytes())
    record_access(request.user, AccessKind.DOWNLOAD_WORKBOOK, evaluation, what=path.name)
    return FileResponse(content, as_attachment=True, filename=f"{evaluation.slug}.xlsx")
