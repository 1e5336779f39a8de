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

from cases.models import Case, Evaluation
from reports.content import build_report
from reports.export import XLSX_CONTENT_TYPE, report_workbook
from reports.pdf import TEMPLATE, html_to_pdf, render_html


def _evaluation_for(user, slug: str) -> Evaluation:
    evaluations = Evaluation.objects.select_related("organisation", "price_list")
    return get_object_or_404(evaluations, slug=slug, organisation__memberships__user=user)


def _case_for(evaluation: Evaluation, code: str) -> Case:
    return get_object_or_404(Case, evaluation=evaluation, code=code)


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


def _page(request, report):
    return render(request, TEMPLATE, {"report": report, "for_pdf": False})


def _pdf(report):
    pdf = html_to_pdf(render_html(report, for_pdf=True))
    return _download(pdf, "application/pdf", f"{report.filename}.pdf")


def _xlsx(report):
    return _download(report_workbook(report), XLSX_CONTENT_TYPE, f"{report.filename}.xlsx")


@login_required
@require_GET
def evaluation_report(request, slug):
    return _page(request, build_report(_evaluation_for(request.user, slug)))


@login_required
@require_GET
def evaluation_pdf(request, slug):
    return _pdf(build_report(_evaluation_for(request.user, slug)))


@login_required
@require_GET
def evaluation_xlsx(request, slug):
    return _xlsx(build_report(_evaluation_for(request.user, slug)))


@login_required
@require_GET
def case_report(request, slug, code):
    evaluation = _evaluation_for(request.user, slug)
    return _page(request, build_report(evaluation, _case_for(evaluation, code)))


@login_required
@require_GET
def case_pdf(request, slug, code):
    evaluation = _evaluation_for(request.user, slug)
    return _pdf(build_report(evaluation, _case_for(evaluation, code)))


@login_required
@require_GET
def case_xlsx(request, slug, code):
    evaluation = _evaluation_for(request.user, slug)
    return _xlsx(build_report(evaluation, _case_for(evaluation, code)))
