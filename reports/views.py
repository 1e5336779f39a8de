"""The report as a page, a PDF download and a spreadsheet download; for the whole evaluation
or one case. Only members of the evaluation's organisation get it; anyone else a 404.

The PDF is made during the request. Measured with bench/reports.py on the shared two-core
development machine: the Stein report (5 cases, 36 pages) takes 2.6–4.2 s, of which WeasyPrint
is 95 %, and time grows linearly at about 0.9 s per case. An evaluation has a handful of cases
(one 2–3 hour session each), so a synchronous download is the right choice; a background job
with progress would only pay off above about 25 cases, where a 30 s worker timeout would bite.
One case alone can always be downloaded on its own.
"""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from cases.access import get_evaluation_for_user
from cases.models import Case, Evaluation
from history.models import AccessKind
from history.recorder import record_access
from reports.content import build_report
from reports.export import XLSX_CONTENT_TYPE, report_workbook
from reports.pdf import TEMPLATE, html_to_pdf, render_html


def _case_for(evaluation: Evaluation, code: str) -> Case:
    return get_object_or_404(Case, evaluation=evaluation, code=code)


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


def _page(request, report, evaluation, case=None):
    record_access(
        request.user, AccessKind.VIEW_REPORT, evaluation, case, f"rapport {case or evaluation}"
    )
    return render(request, TEMPLATE, {"report": report, "for_pdf": False})


def _pdf(request, report, evaluation, case=None):
    pdf = html_to_pdf(render_html(report, for_pdf=True))
    record_access(
        request.user, AccessKind.DOWNLOAD_REPORT, evaluation, case, f"{report.filename}.pdf"
    )
    return _download(pdf, "application/pdf", f"{report.filename}.pdf")


def _xlsx(request, report, evaluation, case=None):
    content = report_workbook(report)
    record_access(
        request.user, AccessKind.DOWNLOAD_REPORT, evaluation, case, f"{report.filename}.xlsx"
    )
    return _download(content, XLSX_CONTENT_TYPE, f"{report.filename}.xlsx")


@login_required
@require_GET
def evaluation_report(request, slug):
    evaluation = get_evaluation_for_user(request.user, slug)
    return _page(request, build_report(evaluation), evaluation)


@login_required
@require_GET
def evaluation_pdf(request, slug):
    evaluation = get_evaluation_for_user(request.user, slug)
    return _pdf(request, build_report(evaluation), evaluation)


@login_required
@require_GET
def evaluation_xlsx(request, slug):
    evaluation = get_evaluation_for_user(request.user, slug)
    return _xlsx(request, build_report(evaluation), evaluation)


@login_required
@require_GET
def case_report(request, slug, code):
    evaluation = get_evaluation_for_user(request.user, slug)
    case = _case_for(evaluation, code)
    return _page(request, build_report(evaluation, case), evaluation, case)


@login_required
@require_GET
def case_pdf(request, slug, code):
    evaluation = get_evaluation_for_user(request.user, slug)
    case = _case_for(evaluation, code)
    return _pdf(request, build_report(evaluation, case), evaluation, case)


@login_required
@require_GET
def case_xlsx(request, slug, code):
    evaluation = get_evaluation_for_user(request.user, slug)
    case = _case_for(evaluation, code)
    return _xlsx(request, build_report(evaluation, case), evaluation, case)
