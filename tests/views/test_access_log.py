"""Every view of a case and every download is logged: who, when, what (AVG)."""

import pytest
from django.urls import reverse

from history.models import AccessKind, AccessRecord

pytestmark = pytest.mark.django_db


def logged(kind):
    return list(AccessRecord.objects.filter(kind=kind))


def test_it_logs_a_view_of_a_case(client, member, evaluation):
    case = evaluation.cases.get(code="1")
    client.force_login(member)
    client.get(reverse("cases:case_detail", args=[evaluation.slug, "1"]))
    [record] = logged(AccessKind.VIEW_CASE)
    assert (record.user, record.case, record.evaluation) == (member, case, evaluation)
    assert record.organisation == evaluation.organisation


def test_it_logs_a_workbook_download(client, member, evaluation):
    client.force_login(member)
    client.get(reverse("cases:evaluation_export", args=[evaluation.slug]))
    [record] = logged(AccessKind.DOWNLOAD_WORKBOOK)
    assert record.user == member
    assert record.what == f"{evaluation.slug}.xlsx"


@pytest.mark.parametrize("name", ["evaluation_pdf", "evaluation_xlsx"])
def test_it_logs_a_report_download(client, member, evaluation, name):
    client.force_login(member)
    response = client.get(reverse(f"reports:{name}", args=[evaluation.slug]))
    assert response.status_code == 200
    [record] = logged(AccessKind.DOWNLOAD_REPORT)
    assert record.user == member
    assert record.what.endswith(name.rsplit("_", 1)[1])


def test_it_logs_a_case_report_view(client, member, evaluation):
    client.force_login(member)
    client.get(reverse("reports:case_report", args=[evaluation.slug, "2"]))
    [record] = logged(AccessKind.VIEW_REPORT)
    assert record.case == evaluation.cases.get(code="2")


def test_it_logs_nothing_for_a_refused_visitor(client, outsider, evaluation):
    client.force_login(outsider)
    response = client.get(reverse("cases:case_detail", args=[evaluation.slug, "1"]))
    assert response.status_code == 404
    assert not AccessRecord.objects.exists()


def test_it_logs_a_price_list_export(client, member, evaluation):
    client.force_login(member)
    price_list = evaluation.price_list
    client.get(reverse("pricelist:export_csv", args=[price_list.pk]))
    [record] = logged(AccessKind.EXPORT)
    assert record.user == member
    assert record.organisation == price_list.organisation
    assert record.what == f"{price_list.name} (prijslijst-{price_list.pk}.csv)"


def test_it_names_the_system_and_a_deleted_account_apart(client, owner, evaluation, notulist):
    organisation = evaluation.organisation
    AccessRecord.objects.create(
        organisation=organisation, kind=AccessKind.RETENTION_NOTICE, what="bericht"
    )
    AccessRecord.objects.create(
        organisation=organisation, user=notulist, kind=AccessKind.EXPORT, what="weg"
    )
    notulist.delete()
    client.force_login(owner)
    html = client.get(reverse("cases:access_log")).content.decode()
    assert "<td>(systeem)</td>" in html
    assert "<td>(verwijderd account)</td>" in html
