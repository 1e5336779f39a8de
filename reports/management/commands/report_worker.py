"""Runs the background reports: django-tasks-db's ``db_worker`` with a heartbeat beside it
(reports/worker.py), so that a job whose worker died is started again or failed."""

import os

from django.utils import timezone
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV
from django_tasks_db.management.commands import db_worker

from reports import worker


class Command(db_worker.Command):
    help = "Maakt de rapporten op de achtergrond (django-tasks-db-worker met hartslag)."

    def add_arguments(self, parser):
        super().add_arguments(parser)
        # Not reloading on code changes, even with DEBUG: a reload stops the PDF being made
        # (which is then made again, or failed after REPORT_JOB_MAX_ATTEMPTS); ask with --reload.
        parser.set_defaults(reload=False)

    def handle(self, *args, worker_id: str, reload: bool, **options) -> None:
        if reload and os.environ.get(DJANGO_AUTORELOAD_ENV) != "true":
            # The reloader's parent only watches files; its child, which runs the tasks,
            # comes back here and beats under its own worker id.
            return super().handle(*args, worker_id=worker_id, reload=reload, **options)
        started_at = timezone.now()
        worker.check(worker_id, started_at)
        heartbeat = worker.Heartbeat(worker_id, started_at)
        heartbeat.start()
        try:
            return super().handle(*args, worker_id=worker_id, reload=reload, **options)
        finally:
            heartbeat.stop()
            worker.forget(worker_id)
