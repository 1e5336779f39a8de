"""A case's history and the bin, with restore for effectencalculateur and notulist only."""

from datetime import date

import pytest
from django.urls import reverse

from cases.models import TimelineItem
from cases.timeline import delete_item
from history.models import AccessKind, AccessRecord, Action
from history.recorder import record_access, record_change

pytestmark = pytest.mark.django_db


@pytest.fixture
def deleted(evaluation, notulist):
    item = TimelineItem.objects.filter(case__evaluation=evaluation, lines__isnull=False).first()
    return item, item.snapshot(), delete_item(notulist, item)


def test_it_shows_a_case_history_with_before_and_after(client, member, owner, evaluation):
    case = evaluation.cases.get(code="1")
    before = {"title": case.title}
    case.title = "Gebit en schulden"
    case.save()
    record_change(owner, case, Action.UPDATE, before=before | {"code": "1"})
    client.force_login(member)
    response = client.get(reverse("cases:case_history", args=[evaluation.slug, "1"]))
    content = response.content.decode()
    assert response.status_code == 200
    assert "gewijzigd" in content and "eigenaar" in content
    assert "Gebitsproblemen" in content and "Gebit en schulden" in content


def test_it_writes_the_changes_of_an_item_as_a_person_reads_them(
    client, member, notulist, evaluation
):
    case = evaluation.cases.get(code="1")
    item = case.items.filter(scenario__code="met", is_intervention=False).first()
    before = item.snapshot()
    item.is_intervention, item.start, item.end = True, date(2016, 9, 3), date(2016, 9, 3)
    item.scenario = evaluation.scenarios.get(code="zonder")
    item.save()
    record_change(notulist, item, Action.UPDATE, before=before)
    client.force_login(member)
    html = client.get(reverse("cases:case_history", args=[evaluation.slug, "1"])).content.decode()
    rows = html.split('<table class="changes">')[1].split("</table>")[0]
    assert '<th scope="row">Interventie</th><td>nee</td><td>ja</td>' in rows
    assert '<th scope="row">Werkwijze</th><td>Met interventie</td><td>Zonder' in rows
    assert "<td>3 sep 2016</td>" in rows
    assert "scenario_id" not in rows and "is_intervention" not in rows and "True" not in rows


@pytest.mark.parametrize("who", ["owner", "notulist"])
def test_it_restores_an_item_from_the_bin(client, evaluation, deleted, who, request):
    item, snapshot, record = deleted
    client.force_login(request.getfixturevalue(who))
    page = client.get(reverse("cases:bin", args=[evaluation.slug])).content.decode()
    assert "Terugzetten" in page and record.object_repr in page

    response = client.post(reverse("cases:bin_restore", args=[evaluation.slug, record.pk]))

    assert response.status_code == 302
    assert TimelineItem.objects.get(pk=snapshot["id"]).snapshot() == snapshot
    page = client.get(reverse("cases:bin", args=[evaluation.slug])).content.decode()
    assert "De prullenbak is leeg" in page


def test_it_lets_a_beleidsmedewerker_see_but_not_restore(client, member, evaluation, deleted):
    _, snapshot, record = deleted
    client.force_login(member)
    page = client.get(reverse("cases:bin", args=[evaluation.slug])).content.decode()
    assert "Terugzetten" not in page
    response = client.post(reverse("cases:bin_restore", args=[evaluation.slug, record.pk]))
    assert response.status_code == 403
    assert not TimelineItem.objects.filter(pk=snapshot["id"]).exists()


def test_it_shows_the_access_log_to_effectencalculateurs_only(
    client, owner, member, outsider, evaluation
):
    record_access(member, AccessKind.VIEW_CASE, evaluation, evaluation.cases.first())
    record_access(outsider, AccessKind.EXPORT, evaluation, what="elders")
    client.force_login(owner)
    content = client.get(reverse("cases:access_log")).content.decode()
    assert "Casus bekeken" in content and member.username in content
    client.force_login(member)
    assert client.get(reverse("cases:access_log")).status_code == 403
    client.force_login(outsider)
    content = client.get(reverse("cases:access_log")).content.decode()
    assert "Casus bekeken" not in content
    assert AccessRecord.objects.count() == 2
