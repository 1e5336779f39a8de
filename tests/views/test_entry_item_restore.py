"""Undoing a deletion: the item comes back exactly as it was."""

from cases.models import Case, TimelineItem
from cases.timeline import delete_item
from history.models import ChangeRecord
from tests.conftest import CASE_URL

URL = CASE_URL + "invoer/terugzetten/"
HTMX = {"HTTP_HX_REQUEST": "true"}


def _deleted(user):
    item = TimelineItem.objects.get(description="Gesprekken met de klantmanager")
    before = item.snapshot()
    return delete_item(user, item), before


def test_it_restores_exactly_what_was_there(client, notulist, evaluation):
    record, before = _deleted(notulist)
    revision = Case.objects.get(code="1").revision
    client.force_login(notulist)
    response = client.post(URL, {"record": record.pk}, **HTMX)
    assert response.status_code == 200
    item = TimelineItem.objects.get(pk=before["id"])
    assert item.snapshot() == before
    html = response.content.decode()
    assert html.strip().startswith(f'<li id="item-{item.pk}"')
    assert "2 uur × 1 persoon × 10 keer × € 80,00 = € 1.600" in html
    assert ChangeRecord.objects.filter(action="restore", restores=record).exists()
    assert Case.objects.get(code="1").revision == revision + 1


def test_it_redirects_to_the_item_without_htmx(client, notulist, evaluation):
    record, before = _deleted(notulist)
    client.force_login(notulist)
    response = client.post(URL, {"record": record.pk})
    assert response["Location"] == f"{CASE_URL}invoer/#item-{before['id']}"


def test_it_says_so_when_already_restored(client, notulist, evaluation):
    record, _ = _deleted(notulist)
    client.force_login(notulist)
    client.post(URL, {"record": record.pk}, **HTMX)
    html = client.post(URL, {"record": record.pk}, **HTMX).content.decode()
    assert "Dit item is al teruggezet." in html


def test_it_does_not_restore_a_deletion_of_another_case(client, notulist, evaluation):
    item = Case.objects.get(code="2").items.first()
    record = delete_item(notulist, item)
    client.force_login(notulist)
    assert client.post(URL, {"record": record.pk}, **HTMX).status_code == 404
    assert client.post(URL, {"record": "x"}, **HTMX).status_code == 404
