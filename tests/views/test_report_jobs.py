"""A large evaluation's PDF is made in the background while the user watches its progress:
queued as a django.tasks task on the database backend, made by the report worker."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.tasks import TaskResultStatus
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from history.models import AccessKind, AccessRecord
from reports import jobs, worker
from reports.models import JobStatus, ReportJob, WorkerHeartbeat

# The worker runs as in production: its loop closes connections between tasks and its heartbeat
# thread has a connection of its own, so it must see committed rows, not a test transaction.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def small_threshold(settings):
    settings.REPORT_BACKGROUND_FROM_CASES = 2  # the fixture evaluation has two cases


@pytest.fixture
def queued(client, member, evaluation, django_capture_on_commit_callbacks):
    client.force_login(member)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(reverse("reports:evaluation_pdf", args=[evaluation.slug]))
    job = ReportJob.objects.get()
    assert response.status_code == 302
    assert response.url == job.get_absolute_url()
    return job


def run_worker():
    """One batch of the real worker command: every ready task, then it stops."""
    call_command("report_worker", "--batch", "--no-startup-delay", verbosity=0)


def test_it_queues_a_large_report_as_a_task_and_shows_it_waiting(client, queued):
    assert queued.status == JobStatus.QUEUED
    assert queued.estimated_seconds == jobs.estimate_seconds(2)
    result = DBTaskResult.objects.get()
    assert queued.task_id == str(result.id)
    assert result.status == TaskResultStatus.READY
    assert result.task_path == "reports.tasks.make_report"
    assert result.args_kwargs["args"] == [queued.pk]
    page = client.get(queued.get_absolute_url()).content.decode()
    assert "In de wachtrij" in page
    assert 'hx-trigger="every 1s"' in page
    assert not AccessRecord.objects.filter(kind=AccessKind.DOWNLOAD_REPORT).exists()


# In a test transaction, to see what happens before the commit.
@pytest.mark.django_db
def test_it_enqueues_nothing_until_the_job_is_committed(member, evaluation):
    # Without the commit hooks run (the test's transaction never commits), no task exists.
    jobs.queue(evaluation, member)
    assert not DBTaskResult.objects.exists()
    assert ReportJob.objects.get().task_id == ""


def test_it_answers_htmx_polling_with_the_status_alone(client, queued):
    response = client.get(queued.get_absolute_url(), headers={"HX-Request": "true"})
    content = response.content.decode()
    assert content.lstrip().startswith('<div id="status"')
    assert "<html" not in content


def test_it_offers_the_pdf_once_the_worker_made_it(client, member, queued):
    pdf_url = reverse("reports:job_pdf", args=[queued.evaluation.slug, queued.pk])
    assert client.get(pdf_url).status_code == 404
    run_worker()
    job = ReportJob.objects.get()
    assert job.status == JobStatus.DONE
    assert job.attempts == 1
    assert DBTaskResult.objects.get().status == TaskResultStatus.SUCCESSFUL
    page = client.get(queued.get_absolute_url()).content.decode()
    assert "Het rapport is klaar" in page
    assert "hx-trigger" not in page
    response = client.get(pdf_url)
    assert response.content.startswith(b"%PDF")
    assert response["Content-Disposition"].startswith("attachment")
    record = AccessRecord.objects.get(kind=AccessKind.DOWNLOAD_REPORT)
    assert record.user == member and record.what.endswith(".pdf")


def test_it_runs_a_job_only_once(queued):
    jobs.run(queued.pk)
    finished = ReportJob.objects.get(pk=queued.pk).finished_at
    jobs.run(queued.pk)
    job = ReportJob.objects.get(pk=queued.pk)
    assert job.finished_at == finished
    assert job.attempts == 1


def test_it_shows_a_failed_render_in_dutch(client, queued, monkeypatch):
    def broken(*args, **kwargs):
        raise ValueError("kapot")

    monkeypatch.setattr("reports.pdf.html_to_pdf", broken)
    run_worker()
    page = client.get(queued.get_absolute_url()).content.decode()
    assert jobs.FAILED in page
    assert "Opnieuw proberen" in page


def test_it_downloads_a_small_evaluation_directly(client, member, evaluation, settings):
    settings.REPORT_BACKGROUND_FROM_CASES = 3
    client.force_login(member)
    response = client.get(reverse("reports:evaluation_pdf", args=[evaluation.slug]))
    assert response.content.startswith(b"%PDF")
    assert not ReportJob.objects.exists()
    assert not DBTaskResult.objects.exists()


def test_it_shows_progress_against_the_estimate(queued):
    assert jobs.progress(queued) == 0
    queued.status = JobStatus.DONE
    assert jobs.progress(queued) == 100


def test_it_fails_a_waiting_job_on_the_page_when_no_worker_was_seen(client, queued, settings):
    long_ago = timezone.now() - timedelta(seconds=settings.REPORT_WORKER_STALE_SECONDS + 1)
    DBTaskResult.objects.update(enqueued_at=long_ago)
    page = client.get(queued.get_absolute_url()).content.decode()
    job = ReportJob.objects.get()
    assert job.status == JobStatus.FAILED
    assert job.finished_at is not None
    assert worker.NO_WORKER in page
    assert "hx-trigger" not in page
    assert DBTaskResult.objects.get().status == TaskResultStatus.FAILED


def test_it_keeps_a_job_waiting_while_a_worker_is_alive(client, queued, settings):
    long_ago = timezone.now() - timedelta(seconds=settings.REPORT_WORKER_STALE_SECONDS + 1)
    DBTaskResult.objects.update(enqueued_at=long_ago)
    WorkerHeartbeat.objects.create(
        worker_id="levend", pid=1, started_at=long_ago, seen_at=timezone.now()
    )
    page = client.get(queued.get_absolute_url()).content.decode()
    assert "In de wachtrij" in page
    assert ReportJob.objects.get().status == JobStatus.QUEUED
