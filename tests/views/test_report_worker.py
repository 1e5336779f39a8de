"""A report job whose worker stopped beating is started once more, then failed; never left
"bezig". The process test (tests/process/test_report_worker.py) kills a real worker."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from reports import jobs, worker
from reports.models import JobStatus, ReportJob, WorkerHeartbeat

# The worker runs as in production: its loop closes connections between tasks and its heartbeat
# thread has a connection of its own, so it must see committed rows, not a test transaction.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def long_ago(settings):
    return timezone.now() - timedelta(seconds=settings.REPORT_WORKER_STALE_SECONDS + 1)


@pytest.fixture
def running(member, evaluation, long_ago, django_capture_on_commit_callbacks):
    """A job its worker claimed, as the worker does it, long enough ago to be judged."""
    with django_capture_on_commit_callbacks(execute=True):
        job = jobs.queue(evaluation, member)
    result = DBTaskResult.objects.get()
    result.claim("weg")
    jobs.claim(job.pk, str(result.id))
    DBTaskResult.objects.update(started_at=long_ago)
    return ReportJob.objects.get()


def _recover(django_capture_on_commit_callbacks, **kwargs):
    with django_capture_on_commit_callbacks(execute=True):
        return worker.recover_abandoned(**kwargs)


def test_it_retries_a_job_whose_worker_stopped_beating(
    client, member, running, long_ago, django_capture_on_commit_callbacks
):
    WorkerHeartbeat.objects.create(worker_id="weg", pid=1, started_at=long_ago, seen_at=long_ago)
    assert _recover(django_capture_on_commit_callbacks) == 1
    job = ReportJob.objects.get()
    assert job.status == JobStatus.QUEUED
    assert job.started_at is None
    old = DBTaskResult.objects.get(pk=running.task_id)
    assert old.status == TaskResultStatus.FAILED
    assert old.exception_class_path == "reports.worker.WorkerLost"
    new = DBTaskResult.objects.get(status=TaskResultStatus.READY)
    assert job.task_id == str(new.id)
    client.force_login(member)
    page = client.get(job.get_absolute_url()).content.decode()
    assert "wordt opnieuw gemaakt" in page
    assert "In de wachtrij" in page

    call_command("report_worker", "--batch", "--no-startup-delay", verbosity=0)
    job.refresh_from_db()
    assert job.status == JobStatus.DONE
    assert job.attempts == 2
    assert bytes(job.pdf).startswith(b"%PDF")


def test_it_fails_a_job_that_was_started_as_often_as_allowed(
    client, member, running, settings, django_capture_on_commit_callbacks
):
    settings.REPORT_JOB_MAX_ATTEMPTS = 1
    assert _recover(django_capture_on_commit_callbacks) == 1  # "weg" never beat at all
    job = ReportJob.objects.get()
    assert job.status == JobStatus.FAILED
    assert job.error == worker.INTERRUPTED
    assert not DBTaskResult.objects.filter(status=TaskResultStatus.READY).exists()
    client.force_login(member)
    page = client.get(job.get_absolute_url()).content.decode()
    assert "De rapportmaker is onderbroken; probeer het opnieuw." in page


def test_it_leaves_the_job_of_a_live_worker_alone(
    running, long_ago, django_capture_on_commit_callbacks
):
    WorkerHeartbeat.objects.create(
        worker_id="weg", pid=1, started_at=long_ago, seen_at=timezone.now()
    )
    assert _recover(django_capture_on_commit_callbacks) == 0
    assert ReportJob.objects.get().status == JobStatus.RUNNING
    assert DBTaskResult.objects.get().status == TaskResultStatus.RUNNING


def test_it_gives_a_just_started_job_the_bound_before_judging_it(
    running, django_capture_on_commit_callbacks
):
    DBTaskResult.objects.update(started_at=timezone.now())
    assert _recover(django_capture_on_commit_callbacks) == 0
    assert ReportJob.objects.get().status == JobStatus.RUNNING


def test_it_retries_a_job_whose_task_ended_without_finishing_it(
    running, long_ago, django_capture_on_commit_callbacks
):
    # As when a second Ctrl+C stops the worker in the middle of a render.
    DBTaskResult.objects.update(status=TaskResultStatus.FAILED, finished_at=long_ago)
    assert _recover(django_capture_on_commit_callbacks) == 1
    assert ReportJob.objects.get().status == JobStatus.QUEUED
    assert DBTaskResult.objects.filter(status=TaskResultStatus.READY).count() == 1


# In a test transaction, to see what happens before the commit.
@pytest.mark.django_db
def test_it_enqueues_a_job_whose_task_was_never_made(
    member, evaluation, long_ago, django_capture_on_commit_callbacks
):
    job = jobs.queue(evaluation, member)  # its commit hook never ran
    ReportJob.objects.update(created_at=long_ago)
    assert _recover(django_capture_on_commit_callbacks, job_pk=job.pk) == 1
    assert ReportJob.objects.get().task_id == str(DBTaskResult.objects.get().id)


def test_it_tells_when_a_worker_was_last_seen(long_ago):
    assert worker.latest_heartbeat() is None
    worker.beat("een", long_ago)
    worker.beat("twee", long_ago)
    seen = WorkerHeartbeat.objects.get(worker_id="twee").seen_at
    assert worker.latest_heartbeat() == seen
    assert WorkerHeartbeat.objects.get(worker_id="een").started_at == long_ago


def test_the_worker_beats_while_it_runs_and_forgets_itself_when_it_stops(monkeypatch):
    seen = []

    def run(self):
        seen.append(list(WorkerHeartbeat.objects.values_list("worker_id", flat=True)))

    monkeypatch.setattr("django_tasks_db.management.commands.db_worker.Worker.run", run)
    call_command("report_worker", "--batch", "--worker-id", "proef", verbosity=0)
    assert seen == [["proef"]]
    assert not WorkerHeartbeat.objects.exists()


def test_it_forgets_workers_gone_for_a_day():
    a_day_ago = timezone.now() - timedelta(days=1, seconds=1)
    WorkerHeartbeat.objects.create(worker_id="oud", pid=1, started_at=a_day_ago, seen_at=a_day_ago)
    worker.check("nieuw", timezone.now())
    assert list(WorkerHeartbeat.objects.values_list("worker_id", flat=True)) == ["nieuw"]
