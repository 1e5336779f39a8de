"""A large evaluation's PDF is made in the background while the user watches its progress."""

import threading
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from history.models import AccessKind, AccessRecord
from reports import jobs
from reports.models import JobStatus, ReportJob

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def small_threshold(settings):
    settings.REPORT_BACKGROUND_FROM_CASES = 2  # the fixture evaluation has two cases


@pytest.fixture
def queued(client, member, evaluation):
    client.force_login(member)
    response = client.get(reverse("reports:evaluation_pdf", args=[evaluation.slug]))
    job = ReportJob.objects.get()
    assert response.status_code == 302
    assert response.url == job.get_absolute_url()
    return job


def test_it_queues_a_large_report_and_shows_it_waiting(client, queued):
    assert queued.status == JobStatus.QUEUED
    assert queued.estimated_seconds == jobs.estimate_seconds(2)
    page = client.get(queued.get_absolute_url()).content.decode()
    assert "In de wachtrij" in page
    assert 'hx-trigger="every 1s"' in page
    assert not AccessRecord.objects.filter(kind=AccessKind.DOWNLOAD_REPORT).exists()


def test_it_answers_htmx_polling_with_the_status_alone(client, queued):
    response = client.get(queued.get_absolute_url(), headers={"HX-Request": "true"})
    content = response.content.decode()
    assert content.lstrip().startswith('<div id="status"')
    assert "<html" not in content


def test_it_offers_the_pdf_once_the_job_has_run(client, member, queued):
    assert (
        client.get(reverse("reports:job_pdf", args=[queued.evaluation.slug, queued.pk])).status_code
        == 404
    )
    jobs.run(queued.pk)
    page = client.get(queued.get_absolute_url()).content.decode()
    assert "Het rapport is klaar" in page
    assert "hx-trigger" not in page
    response = client.get(reverse("reports:job_pdf", args=[queued.evaluation.slug, queued.pk]))
    assert response.content.startswith(b"%PDF")
    assert response["Content-Disposition"].startswith("attachment")
    record = AccessRecord.objects.get(kind=AccessKind.DOWNLOAD_REPORT)
    assert record.user == member and record.what.endswith(".pdf")


def test_it_runs_a_job_only_once(queued):
    jobs.run(queued.pk)
    finished = ReportJob.objects.get(pk=queued.pk).finished_at
    jobs.run(queued.pk)
    assert ReportJob.objects.get(pk=queued.pk).finished_at == finished


def test_it_runs_queued_jobs_from_the_command(queued):
    out = StringIO()
    call_command("run_report_jobs", stdout=out)
    assert "1 rapport(en) gemaakt" in out.getvalue()
    assert ReportJob.objects.get().status == JobStatus.DONE


def test_it_downloads_a_small_evaluation_directly(client, member, evaluation, settings):
    settings.REPORT_BACKGROUND_FROM_CASES = 3
    client.force_login(member)
    response = client.get(reverse("reports:evaluation_pdf", args=[evaluation.slug]))
    assert response.content.startswith(b"%PDF")
    assert not ReportJob.objects.exists()


def test_it_shows_progress_against_the_estimate(queued):
    assert jobs.progress(queued) == 0
    queued.status = JobStatus.DONE
    assert jobs.progress(queued) == 100


@pytest.mark.django_db(transaction=True)
def test_it_makes_the_pdf_in_a_thread_of_the_web_process(member, evaluation, settings):
    settings.REPORT_JOBS_IN_PROCESS = True
    job = jobs.queue(evaluation, member)
    # Wait for the thread rather than poll the job: the test database is SQLite's shared
    # in-memory one, whose table locks refuse a read while the thread writes the job.
    for thread in threading.enumerate():
        if thread.name.startswith(jobs.THREAD_PREFIX):
            thread.join(120)
    job.refresh_from_db()
    assert job.status == JobStatus.DONE
    assert bytes(job.pdf).startswith(b"%PDF")
