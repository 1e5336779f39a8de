"""The report worker's heartbeat, and what happens to a job whose worker stopped.

django-tasks-db 0.13 has no heartbeat of its own: a worker killed during a task (``kill -9``,
out of memory, a machine gone) leaves the task RUNNING for ever, and its report would show
"bezig" for ever. So ``manage.py report_worker`` (django-tasks-db's worker with a thread
beside it) writes a ``WorkerHeartbeat`` row every ``REPORT_WORKER_BEAT_SECONDS``, also while
WeasyPrint renders, and looks for abandoned jobs: a job whose task runs on a worker not seen
for ``REPORT_WORKER_STALE_SECONDS``, or whose task ended or vanished without finishing it, is
started once more, and failed after ``REPORT_JOB_MAX_ATTEMPTS`` starts. The progress page
runs the same check for its own job, and also fails a job that waits while no worker at all
was seen for that long, so that nothing waits unseen when no worker runs.
"""

import logging
import os
import threading
from datetime import datetime, timedelta

from django.conf import settings
from django.db import DatabaseError, close_old_connections, connection, transaction
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from reports import jobs
from reports.models import JobStatus, ReportJob, WorkerHeartbeat

logger = logging.getLogger(__name__)

INTERRUPTED = "De rapportmaker is onderbroken; probeer het opnieuw."
NO_WORKER = (
    "Er is nu geen rapportmaker actief, dus het rapport kon niet worden gemaakt. "
    "Probeer het later opnieuw of meld het."
)
OPEN = (TaskResultStatus.READY, TaskResultStatus.RUNNING)
# Rows of workers gone this long are removed; every start of a worker writes a new one.
FORGET_AFTER = timedelta(days=1)


def latest_heartbeat() -> datetime | None:
    """When any report worker was last seen alive; None if none ever was."""
    return WorkerHeartbeat.objects.order_by("-seen_at").values_list("seen_at", flat=True).first()


def beat(worker_id: str, started_at: datetime) -> None:
    WorkerHeartbeat.objects.update_or_create(
        worker_id=worker_id,
        defaults={"pid": os.getpid(), "seen_at": timezone.now()},
        create_defaults={"pid": os.getpid(), "seen_at": timezone.now(), "started_at": started_at},
    )


def forget(worker_id: str) -> None:
    WorkerHeartbeat.objects.filter(worker_id=worker_id).delete()


def _cutoff(now: datetime) -> datetime:
    return now - timedelta(seconds=settings.REPORT_WORKER_STALE_SECONDS)


def recover_abandoned(job_pk: int | None = None, now: datetime | None = None) -> int:
    """Start again, or fail, every unfinished job (or the one given) whose worker is gone;
    the number of jobs handled."""
    now = now or timezone.now()
    cutoff = _cutoff(now)
    live = set(
        WorkerHeartbeat.objects.filter(seen_at__gte=cutoff).values_list("worker_id", flat=True)
    )
    unfinished = ReportJob.objects.filter(status__in=[JobStatus.QUEUED, JobStatus.RUNNING])
    if job_pk is not None:
        unfinished = unfinished.filter(pk=job_pk)
    handled = 0
    for job in unfinished.defer("pdf"):
        result = DBTaskResult.objects.filter(pk=job.task_id).first() if job.task_id else None
        verdict = _verdict(job, result, live, cutoff)
        if verdict is not None:
            handled += _take_back(job, result, verdict, now)
    return handled


def _verdict(job, result, live, cutoff) -> str | None:
    """Why the job cannot finish as it stands (the message if it fails), or None."""
    if result is None:
        # Never enqueued (the web process stopped before its commit hook ran) or deleted.
        return INTERRUPTED if job.created_at < cutoff else None
    if result.status == TaskResultStatus.READY:
        # Waiting is fine while some worker lives; without any, it would wait unseen.
        return NO_WORKER if not live and result.enqueued_at < cutoff else None
    if result.status == TaskResultStatus.RUNNING:
        worker = result.worker_ids[-1] if result.worker_ids else None
        started = result.started_at or result.enqueued_at
        return INTERRUPTED if worker not in live and started < cutoff else None
    # The task ended (say, stopped by a second Ctrl+C) without finishing the job.
    ended = result.finished_at or result.enqueued_at
    return INTERRUPTED if ended < cutoff else None


def _take_back(job, result, message, now) -> int:
    with transaction.atomic():
        if result is not None and result.status in OPEN:
            DBTaskResult.objects.filter(pk=result.pk, status=result.status).update(
                status=TaskResultStatus.FAILED,
                finished_at=now,
                exception_class_path="reports.worker.WorkerLost",
                traceback=f"Taken back by reports.worker: {message}",
            )
        # Only if no one else changed the job meanwhile (another worker's check, or the job's
        # own worker after all).
        same = ReportJob.objects.filter(pk=job.pk, status=job.status, task_id=job.task_id)
        if message == INTERRUPTED and job.attempts < settings.REPORT_JOB_MAX_ATTEMPTS:
            changed = same.update(status=JobStatus.QUEUED, started_at=None)
            if changed:
                logger.warning("Rapportopdracht %s opnieuw gestart: rapportmaker weg", job.pk)
                jobs.enqueue_on_commit(job.pk)
        else:
            changed = same.update(status=JobStatus.FAILED, error=message, finished_at=now)
            if changed:
                logger.warning("Rapportopdracht %s mislukt: %s", job.pk, message)
    return changed


def check(worker_id: str, started_at: datetime) -> None:
    """One beat of a worker: say it is alive, take back abandoned jobs, forget old workers."""
    beat(worker_id, started_at)
    recover_abandoned()
    WorkerHeartbeat.objects.filter(seen_at__lt=timezone.now() - FORGET_AFTER).delete()


class Heartbeat(threading.Thread):
    """Beats every REPORT_WORKER_BEAT_SECONDS beside the worker loop, also during a render
    (WeasyPrint gives up the GIL often enough for a thread this small)."""

    def __init__(self, worker_id: str, started_at: datetime):
        super().__init__(name=f"hartslag-{worker_id}", daemon=True)
        self.worker_id = worker_id
        self.started_at = started_at
        self.stopping = threading.Event()

    def run(self) -> None:
        try:
            while not self.stopping.wait(settings.REPORT_WORKER_BEAT_SECONDS):
                close_old_connections()
                try:
                    check(self.worker_id, self.started_at)
                except DatabaseError:
                    # A busy or briefly unreachable database: the next beat tries again.
                    logger.exception("Hartslag van rapportmaker %s mislukt", self.worker_id)
        finally:
            connection.close()

    def stop(self) -> None:
        self.stopping.set()
        self.join(timeout=settings.REPORT_WORKER_BEAT_SECONDS + 5)
