"""Making a large PDF in the background, with progress the user can watch.

Measured with bench/reports.py: WeasyPrint takes about 0.9 s per case, linearly, so an
evaluation of a handful of cases downloads directly, and a larger one would keep a request
waiting long enough to hit a worker timeout (about 25 cases at 30 s). From
``REPORT_BACKGROUND_FROM_CASES`` cases the PDF is made by a job instead: in a thread of the
web process by default, or by ``manage.py run_report_jobs`` where threads are unwelcome.

WeasyPrint reports no progress of its own, so the progress shown is the elapsed time against
an estimate from the measured time per case; the page says it is an estimate.
"""

import logging
import threading

from django.conf import settings
from django.db import close_old_connections, connection, transaction
from django.utils import timezone

from reports.models import JobStatus, ReportJob

logger = logging.getLogger(__name__)

# Seconds per case and fixed overhead, from bench/reports.py (Stein: 5 cases in about 4.2 s).
SECONDS_PER_CASE = 0.9
SECONDS_OVERHEAD = 1.0
THREAD_PREFIX = "rapportopdracht-"


def needs_background(case_count: int) -> bool:
    return case_count >= settings.REPORT_BACKGROUND_FROM_CASES


def estimate_seconds(case_count: int) -> int:
    return max(1, round(SECONDS_OVERHEAD + SECONDS_PER_CASE * case_count))


def queue(evaluation, user) -> ReportJob:
    case_count = evaluation.cases.count()
    job = ReportJob.objects.create(
        evaluation=evaluation,
        requested_by=user,
        case_count=case_count,
        estimated_seconds=estimate_seconds(case_count),
    )
    if settings.REPORT_JOBS_IN_PROCESS:
        # Start only once the job row is committed, or the thread would not find it.
        transaction.on_commit(lambda: _start_thread(job.pk))
    return job


def _start_thread(pk: int) -> None:
    name = f"{THREAD_PREFIX}{pk}"
    threading.Thread(target=_run_in_thread, args=(pk,), name=name, daemon=True).start()


def _run_in_thread(pk: int) -> None:
    close_old_connections()
    try:
        run(pk)
    finally:
        connection.close()


def claim(pk: int) -> ReportJob | None:
    """Mark a queued job running, unless another worker got there first."""
    claimed = ReportJob.objects.filter(pk=pk, status=JobStatus.QUEUED).update(
        status=JobStatus.RUNNING, started_at=timezone.now()
    )
    return ReportJob.objects.select_related("evaluation").get(pk=pk) if claimed else None


def run(pk: int) -> None:
    from reports.content import build_report
    from reports.page import render_html
    from reports.pdf import html_to_pdf

    job = claim(pk)
    if job is None:
        return
    try:
        report = build_report(job.evaluation)
        job.pdf = html_to_pdf(render_html(report, for_pdf=True))
        job.filename = f"{report.filename}.pdf"
        job.status = JobStatus.DONE
    except Exception:
        logger.exception("Rapportopdracht %s mislukt", pk)
        job.status = JobStatus.FAILED
        job.error = "Het rapport kon niet worden gemaakt. Probeer het opnieuw of meld het."
    job.finished_at = timezone.now()
    job.save(update_fields=["pdf", "filename", "status", "error", "finished_at"])


def run_queued() -> int:
    """Run every queued job, oldest first; the number run."""
    pks = list(
        ReportJob.objects.filter(status=JobStatus.QUEUED)
        .order_by("created_at")
        .values_list("pk", flat=True)
    )
    for pk in pks:
        run(pk)
    return len(pks)


def progress(job: ReportJob) -> int:
    """Percentage to show: 100 when finished, else elapsed against the estimate (max 95)."""
    if job.finished:
        return 100
    if job.started_at is None:
        return 0
    elapsed = (timezone.now() - job.started_at).total_seconds()
    return min(95, int(100 * elapsed / job.estimated_seconds))
