"""Making a large PDF in the background, with progress the user can watch.

Measured with bench/reports.py: WeasyPrint takes about 0.9 s per case, linearly, so an
evaluation of a handful of cases downloads directly, and a larger one would keep a request
waiting long enough to hit a worker timeout (about 25 cases at 30 s). From
``REPORT_BACKGROUND_FROM_CASES`` cases the PDF is made by a job instead: a ``ReportJob`` row,
which the progress page reads, and a django.tasks task (reports/tasks.py) that a worker
process runs (``manage.py report_worker``, reports/worker.py).

Declaring such an evaluation's report final goes the same way: the job renders the final
version and stores it (reports/finals.py) as the chair who asked; its page then links to the
stored final.

WeasyPrint reports no progress of its own, so the progress shown is the elapsed time against
an estimate from the measured time per case; the page says it is an estimate.
"""

import logging

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from reports import finals
from reports.models import JobStatus, ReportJob

logger = logging.getLogger(__name__)

# Seconds per case and fixed overhead, from bench/reports.py (Stein: 5 cases in about 4.2 s).
SECONDS_PER_CASE = 0.9
SECONDS_OVERHEAD = 1.0

FAILED = "Het rapport kon niet worden gemaakt. Probeer het opnieuw of meld het."


def needs_background(case_count: int) -> bool:
    return case_count >= settings.REPORT_BACKGROUND_FROM_CASES


def estimate_seconds(case_count: int) -> int:
    return max(1, round(SECONDS_OVERHEAD + SECONDS_PER_CASE * case_count))


def queue(evaluation, user, declares_final: bool = False) -> ReportJob:
    case_count = evaluation.cases.count()
    job = ReportJob.objects.create(
        evaluation=evaluation,
        requested_by=user,
        case_count=case_count,
        estimated_seconds=estimate_seconds(case_count),
        declares_final=declares_final,
    )
    enqueue_on_commit(job.pk)
    return job


def enqueue_on_commit(pk: int) -> None:
    # Only once the job row is committed, or a worker could pick up a task whose job it
    # cannot see yet.
    transaction.on_commit(lambda: _enqueue(pk))


def _enqueue(pk: int) -> None:
    from reports.tasks import make_report

    result = make_report.enqueue(pk)
    # A worker that already claimed the job wrote its own task id (see claim).
    ReportJob.objects.filter(pk=pk, status=JobStatus.QUEUED).update(task_id=str(result.id))


def claim(pk: int, task_id: str = "") -> ReportJob | None:
    """Mark a queued job running, unless another worker got there first."""
    claimed = ReportJob.objects.filter(pk=pk, status=JobStatus.QUEUED).update(
        status=JobStatus.RUNNING,
        started_at=timezone.now(),
        task_id=task_id or F("task_id"),
        attempts=F("attempts") + 1,
    )
    return ReportJob.objects.select_related("evaluation").get(pk=pk) if claimed else None


def run(pk: int, task_id: str = "") -> None:
    from reports.content import build_report
    from reports.page import render_html
    from reports.pdf import html_to_pdf

    job = claim(pk, task_id)
    if job is None:
        return
    try:
        if job.declares_final:
            _run_final(job)
        else:
            report = build_report(job.evaluation)
            job.pdf = html_to_pdf(render_html(report, for_pdf=True))
            job.filename = f"{report.filename}.pdf"
        job.status = JobStatus.DONE
    except finals.VersionTaken as error:
        job.status = JobStatus.FAILED
        job.error = str(error)
    except Exception:
        logger.exception("Rapportopdracht %s mislukt", pk)
        job.status = JobStatus.FAILED
        job.error = FAILED
    job.finished_at = timezone.now()
    job.save(update_fields=["pdf", "filename", "status", "error", "finished_at", "final"])


def _run_final(job: ReportJob) -> None:
    # The stored final holds the PDF; the job only points at it.
    evaluation, user = job.evaluation, job.requested_by
    report, pdf = finals.render_final(evaluation, user, finals.next_version(evaluation))
    job.final = finals.store(evaluation, user, report, pdf)
    job.filename = job.final.filename


def progress(job: ReportJob) -> int:
    """Percentage to show: 100 when finished, else elapsed against the estimate (max 95)."""
    if job.finished:
        return 100
    if job.started_at is None:
        return 0
    elapsed = (timezone.now() - job.started_at).total_seconds()
    return min(95, int(100 * elapsed / job.estimated_seconds))
