"""Declaring the report final, and the stored finals: their versions, their unchanged
downloads, the history and the access log. Who may reach the URLs is in
test_access_matrix.py; these tests check what happens when they are reached."""

import hashlib
from decimal import Decimal

import pytest
from django.urls import reverse

from cases.models import CostLine
from history.models import AccessKind, AccessRecord, ChangeRecord
from reports import finals, jobs
from reports.models import FinalReport, JobStatus, ReportJob

pytestmark = pytest.mark.django_db


def declare_url(evaluation):
    return reverse("reports:declare_final", args=[evaluation.slug])


def declare(client, evaluation):
    return client.post(declare_url(evaluation))


def test_it_says_what_declaring_does_before_doing_it(client, owner, evaluation):
    client.force_login(owner)
    html = client.get(declare_url(evaluation)).content.decode()
    assert "als <strong>versie 1</strong>" in html
    assert "kan niet worden teruggedraaid" in html
    # The fixture's evaluation has no research questions or recommendations yet.
    assert "<li>Onderzoeksvragen</li>" in html and "<li>Aanbevelingen</li>" in html
    assert not FinalReport.objects.exists()


@pytest.mark.parametrize("who", ["notulist", "beleidsmedewerker"])
def test_it_refuses_anyone_but_the_effectencalculateur(client, evaluation, who, request):
    client.force_login(request.getfixturevalue(who))
    assert declare(client, evaluation).status_code == 403
    assert not FinalReport.objects.exists()
    assert not ReportJob.objects.exists()


def test_it_stores_the_pdf_figures_and_price_list_as_version_1(client, owner, evaluation):
    client.force_login(owner)
    response = declare(client, evaluation)
    assert response.status_code == 302
    assert response.url == reverse("reports:evaluation_report", args=[evaluation.slug]) + (
        "#definitief"
    )
    final = FinalReport.objects.get()
    assert final.version == 1
    assert bytes(final.pdf).startswith(b"%PDF-")
    assert final.sha256 == hashlib.sha256(bytes(final.pdf)).hexdigest()
    assert final.price_list == evaluation.price_list
    assert final.price_list_name == evaluation.price_list.name
    assert final.declared_by == owner
    assert final.filename == "rapport-village-deal-test-definitief-v1.pdf"
    # The figures the PDF shows, as cases.summary's JSON.
    assert final.figures["totals"]["totals"] == {"met": "3736.70", "zonder": "83419.00"}
    assert [case["code"] for case in final.figures["cases"]] == ["1", "2"]


def test_it_records_the_declaration_in_the_history(client, owner, evaluation):
    client.force_login(owner)
    declare(client, evaluation)
    final = FinalReport.objects.get()
    record = ChangeRecord.objects.get(model="reports.FinalReport")
    assert (record.user, record.evaluation, record.object_id) == (owner, evaluation, str(final.pk))
    assert record.after["version"] == 1 and record.after["sha256"] == final.sha256


def test_it_numbers_each_new_final_as_the_next_version(client, owner, evaluation):
    client.force_login(owner)
    declare(client, evaluation)
    declare(client, evaluation)
    assert list(evaluation.final_reports.values_list("version", flat=True)) == [2, 1]
    html = client.get(declare_url(evaluation)).content.decode()
    assert "als <strong>versie 3</strong>" in html


def test_it_tells_the_chair_when_the_version_was_taken_meanwhile(owner, evaluation):
    report, pdf = finals.render_final(evaluation, owner, 1)
    finals.store(evaluation, owner, report, pdf)
    with pytest.raises(finals.VersionTaken, match="versie 1 definitief gemaakt"):
        finals.store(evaluation, owner, report, pdf)
    assert evaluation.final_reports.count() == 1


def test_it_downloads_a_final_byte_for_byte_whatever_is_edited_after(
    client, owner, member, evaluation
):
    client.force_login(owner)
    declare(client, evaluation)
    stored = bytes(FinalReport.objects.get().pdf)
    # Afterwards the figures change: the concept PDF is another, the final stays the same.
    line = CostLine.objects.filter(fixed_amount=Decimal("1060.00")).get()
    line.fixed_amount = Decimal("5000.00")
    line.save()
    evaluation.title = "Een andere titel"
    evaluation.save()
    client.force_login(member)
    url = reverse("reports:final_pdf", args=[evaluation.slug, 1])
    response = client.get(url)
    assert response.status_code == 200
    assert response.content == stored
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-SHA256"] == hashlib.sha256(stored).hexdigest()
    assert "rapport-village-deal-test-definitief-v1.pdf" in response["Content-Disposition"]
    concept = client.get(reverse("reports:evaluation_pdf", args=[evaluation.slug]))
    assert concept.content != stored
    assert client.get(url).content == stored
    downloads = AccessRecord.objects.filter(kind=AccessKind.DOWNLOAD_REPORT, user=member)
    assert downloads.filter(what__contains="definitief-v1").count() == 2


def test_it_answers_404_for_a_version_that_does_not_exist(client, member, evaluation):
    client.force_login(member)
    assert client.get(reverse("reports:final_pdf", args=[evaluation.slug, 1])).status_code == 404


def test_it_lists_the_finals_on_the_report_and_evaluation_pages(client, owner, member, evaluation):
    client.force_login(owner)
    declare(client, evaluation)
    final = FinalReport.objects.get()
    client.force_login(member)
    for url in (
        reverse("reports:evaluation_report", args=[evaluation.slug]),
        evaluation.get_absolute_url(),
    ):
        html = client.get(url).content.decode()
        assert "Definitieve versies" in html
        assert final.get_absolute_url() in html
        assert final.sha256 in html
        # Only the effectencalculateur is offered a new version.
        assert declare_url(evaluation) not in html


def test_it_offers_the_chair_to_declare_on_the_report_page(client, owner, evaluation):
    client.force_login(owner)
    html = client.get(reverse("reports:evaluation_report", args=[evaluation.slug])).content
    assert declare_url(evaluation) in html.decode()
    assert "Er is nog geen definitieve versie: het rapport is een concept." in html.decode()


def test_it_marks_the_report_page_a_concept_and_lists_empty_chapters_once(
    client, member, evaluation
):
    client.force_login(member)
    html = client.get(reverse("reports:evaluation_report", args=[evaluation.slug])).content
    html = html.decode()
    assert "<title>Concept – Village Deal Test</title>" in html
    assert "Nog niet geschreven" not in html
    # Listed once under "nog te schrijven", and no empty chapter of its own (the samenvatting
    # names the research questions in its own heading).
    assert html.count("<li>Onderzoeksvragen</li>") == 1
    assert 'id="hoofdstuk-onderzoeksvragen"' not in html
    assert "Casus 2 (Dansen): aanpak, interventie" in html


def test_it_keeps_a_case_report_a_concept(client, member, evaluation):
    client.force_login(member)
    html = client.get(reverse("reports:case_report", args=[evaluation.slug, "1"])).content
    assert "het rapport van één casus blijft een concept" in html.decode()


def test_it_declares_a_large_evaluation_in_the_background(
    client, owner, evaluation, settings, django_capture_on_commit_callbacks
):
    settings.REPORT_BACKGROUND_FROM_CASES = 2  # the fixture evaluation has two cases
    client.force_login(owner)
    with django_capture_on_commit_callbacks(execute=False):
        response = declare(client, evaluation)
    job = ReportJob.objects.get()
    assert response.url == job.get_absolute_url()
    assert job.declares_final and not FinalReport.objects.exists()
    jobs.run(job.pk)  # what the worker's task does
    job.refresh_from_db()
    assert job.status == JobStatus.DONE
    assert job.final.version == 1 and job.final.declared_by == owner
    html = client.get(job.get_absolute_url()).content.decode()
    assert "definitief gemaakt als versie 1" in html
    assert job.final.get_absolute_url() in html
    # The job's own download address leads to the stored version.
    response = client.get(reverse("reports:job_pdf", args=[evaluation.slug, job.pk]))
    assert response.status_code == 302 and response.url == job.final.get_absolute_url()


def test_anonymising_the_evaluation_removes_its_final_pdfs_but_not_their_record(
    client, owner, evaluation
):
    from cases import retention

    client.force_login(owner)
    declare(client, evaluation)
    counts = retention.anonymise(evaluation)
    assert counts["definitieve rapporten"] == 1
    assert not FinalReport.objects.exists()
    record = ChangeRecord.objects.get(model="reports.FinalReport")
    assert record.after["version"] == 1
