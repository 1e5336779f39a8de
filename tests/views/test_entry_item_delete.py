"""Deleting a timeline item: kept in the history, answered with an undo button."""

from decimal import Decimal

from cases.models import Case, CostLine, TimelineItem
from history.models import ChangeRecord
from tests.conftest import CASE_URL

HTMX = {"HTTP_HX_REQUEST": "true"}


def _item():
    return TimelineItem.objects.get(description="Gesprekken met de klantmanager")


def url(item):
    return f"{CASE_URL}items/{item.pk}/verwijderen/"


def test_it_is_not_found_for_an_outsider(client, outsider, evaluation):
    client.force_login(outsider)
    assert client.post(url(_item()), **HTMX).status_code == 404
    assert TimelineItem.objects.filter(pk=_item().pk).exists()


def test_it_refuses_a_beleidsmedewerker(client, beleidsmedewerker, evaluation):
    client.force_login(beleidsmedewerker)
    assert client.post(url(_item()), **HTMX).status_code == 403
    assert TimelineItem.objects.filter(pk=_item().pk).exists()


def test_it_refuses_get(client, notulist, evaluation):
    client.force_login(notulist)
    assert client.get(url(_item())).status_code == 405


def test_it_deletes_and_offers_an_undo(client, notulist, evaluation):
    item = _item()
    revision = Case.objects.get(code="1").revision
    client.force_login(notulist)
    response = client.post(url(item), **HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    record = ChangeRecord.objects.get(action="delete", object_id=str(item.pk))
    assert html.strip().startswith(f'<li id="item-{item.pk}"')
    assert "Verwijderd: Gesprekken met de klantmanager" in html
    assert f'name="record" value="{record.pk}"' in html
    assert "Ongedaan maken" in html
    assert not TimelineItem.objects.filter(pk=item.pk).exists()
    assert not CostLine.objects.filter(item_id=item.pk).exists()
    assert Decimal(record.before["lines"][0]["quantity"]) == 2
    assert Case.objects.get(code="1").revision == revision + 1


def test_it_shows_the_undo_on_a_page_without_htmx(client, notulist, evaluation):
    client.force_login(notulist)
    html = client.post(url(_item())).content.decode()
    assert "<h1>Item verwijderd</h1>" in html
    assert "Ongedaan maken" in html
