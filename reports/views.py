"""The report as a page, a PDF download and a spreadsheet download; for the whole evaluation
or one case. Only members of the evaluation's organisation get it; anyone else a 404.

Measured with bench/reports.py on the shared two-core development machine: the Stein report
(5 cases, 36 pages) takes 2.6–4.2 s, of which WeasyPrint is 95 %, and time grows linearly at
about 0.9 s per case. An evaluation of a handful of cases therefore downloads during the
request; from ``REPORT_BACKGROUND_FROM_CASES`` cases (default 10, some 10 s) the whole
evaluation's PDF is made by a background job whose progress the user watches (reports/jobs.py),
so that no request runs into a worker timeout. One case alone always downloads directly.

Every report made here is a concept; the effectencalculateur declares an evaluation's report
final on its own page (:func:`declare_final`, reports/finals.py), and the finals are
downloaded as they were stored (:func:`final_pdf`).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from accounts.models import CHAIRS, permissions
from cases.access import get_case, get_evaluation
from cases.pagefit import overflowing_summaries
from history.models import AccessKind
from history.recorder import record_access
from reports import finals, jobs, worker
from reports.content import build_report, unwritten_chapters
from reports.export import XLSX_CONTENT_TYPE, report_workbook
from reports.models import FinalReport, JobStatus, ReportJob
from reports.page import TEMPLATE, render_html


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


def _page(request, report, evaluation, role, case=None):
    record_access(
        request.user, AccessKind.VIEW_REPORT, evaluation, case, f"rapport {case or evaluation}"
    )
    context = {
        "report": report,
        "for_pdf": False,
        "evaluation": evaluation,
        "finals": finals.listed(evaluation) if case is None else [],
        "overflowing": overflowing_summaries(report.evaluation, case),
        **permissions(role),
    }
    return render(request, TEMPLATE, context)


def _pdf(request, report, evaluation, case=None):
    from reports.pdf import html_to_pdf

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
    evaluation, role = get_evaluation(request.user, slug)
    return _page(request, build_report(evaluation), evaluation, role)


@login_required
@require_GET
def evaluation_pdf(request, slug):
    evaluation, _role = get_evaluation(request.user, slug)
    if jobs.needs_background(evaluation.cases.count()):
        return redirect(jobs.queue(evaluation, request.user))
    return _pdf(request, build_report(evaluation), evaluation)


def _job_for(request, slug, pk) -> ReportJob:
    evaluation, _role = get_evaluation(request.user, slug)
    return get_object_or_404(ReportJob.objects.defer("pdf"), pk=pk, evaluation=evaluation)


@login_required
@require_GET
def job(request, slug, pk):
    job = _job_for(request, slug, pk)
    # The page the user watches settles a job whose worker is gone, so that it never shows
    # "bezig" for ever even when no worker is left to notice (reports/worker.py).
    if not job.finished and worker.recover_abandoned(job.pk):
        job = _job_for(request, slug, pk)
    template = "reports/job.html#status" if request.htmx else "reports/job.html"
    return render(
        request,
        template,
        {"evaluation": job.evaluation, "job": job, "progress": jobs.progress(job)},
    )


@login_required
@require_GET
def job_pdf(request, slug, pk):
    job = _job_for(request, slug, pk)
    if job.status != JobStatus.DONE:
        raise Http404("Dit rapport is (nog) niet klaar.")
    if job.declares_final:
        # The job made a final version and kept no PDF of its own: the version is the file.
        if job.final_id is None:
            raise Http404("Deze definitieve versie bestaat niet meer.")
        return redirect(job.final)
    pdf = ReportJob.objects.values_list("pdf", flat=True).get(pk=job.pk)
    record_access(request.user, AccessKind.DOWNLOAD_REPORT, job.evaluation, what=job.filename)
    return _download(bytes(pdf), "application/pdf", job.filename)


@login_required
@require_http_methods(["GET", "POST"])
def declare_final(request, slug):
    """The confirmation (GET) and the declaration itself (POST) of the evaluation's report
    as its next final version."""
    evaluation, _role = get_evaluation(request.user, slug, CHAIRS)
    if request.method == "POST":
        if jobs.needs_background(evaluation.cases.count()):
            return redirect(jobs.queue(evaluation, request.user, declares_final=True))
        try:
            final = finals.declare(evaluation, request.user)
        except finals.VersionTaken as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                f"Het rapport is definitief gemaakt als versie {final.version}. "
                "Deze versie blijft zoals ze is; latere wijzigingen komen in een nieuwe versie.",
            )
        return redirect(reverse("reports:evaluation_report", args=[slug]) + "#definitief")
    context = {
        "evaluation": evaluation,
        "version": finals.next_version(evaluation),
        "unwritten": unwritten_chapters(evaluation),
        "overflowing": overflowing_summaries(evaluation),
        "finals": finals.listed(evaluation),
        "background": jobs.needs_background(evaluation.cases.count()),
    }
    return render(request, "reports/declare_final.html", context)


@login_required
@require_GET
def final_pdf(request, slug, version):
    """A stored final exactly as it was declared: its bytes, not a new rendering."""
    evaluation, _role = get_evaluation(request.user, slug)
    final = get_object_or_404(
        FinalReport.objects.only("pdf", "filename", "sha256"),
        evaluation=evaluation,
        version=version,
    )
    record_access(
        request.user, AccessKind.DOWNLOAD_REPORT, evaluation, what=f"{final.filename} (definitief)"
    )
    response = _download(bytes(final.pdf), "application/pdf", final.filename)
    # Lets a script check the copy against the hash on the report page.
    response["X-Content-SHA256"] = final.sha256
    return response


@login_required
@require_GET
def evaluation_xlsx(request, slug):
    evaluation, _role = get_evaluation(request.user, slug)
    return _xlsx(request, build_report(evaluation), evaluation)


@login_required
@require_GET
def case_report(request, slug, code):
    case, role = get_case(request.user, slug, code)
    evaluation = case.evaluation
    return _page(request, build_report(evaluation, case), evaluation, role, case)


@login_required
@require_GET
def case_pdf(request, slug, code):
    case, _role = get_case(request.user, slug, code)
    evaluation = case.evaluation
    return _pdf(request, build_report(evaluation, case), evaluation, case)


@login_required
@require_GET
def case_xlsx(request, slug, code):
    case, _role = get_case(request.user, slug, code)
    evaluation = case.evaluation
    return _xlsx(request, build_report(evaluation, case), evaluation, case)
