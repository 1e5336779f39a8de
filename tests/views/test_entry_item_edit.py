"""Inline edit of a timeline item, with the version check against silent overwrites."""

from datetime import date
from decimal import Decimal

import pytest

from cases.models import Case, TimelineItem
from history.models import ChangeRecord
from tests.conftest import CASE_URL, entry_data

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def item(evaluation):
    return TimelineItem.objects.get(description="Gesprekken met de klantmanager")


def url(item):
    return f"{CASE_URL}items/{item.pk}/wijzigen/"


def edit(item, **fields):
    prefix = f"item{item.pk}-"
    typed = {
        "description": "Gesprekken met twee klantmanagers",
        "start": "2 sep 2016",
        "end": "1 mrt 2017",
        "version": str(item.version),
        "regel0-quantity": "2",
        "regel0-times": "10",
        "regel0-persons": "2",
    }
    return entry_data(prefix, **{**typed, **fields})


def test_it_is_not_found_for_an_outsider(client, outsider, item):
    client.force_login(outsider)
    assert client.get(url(item)).status_code == 404
    assert client.post(url(item), edit(item)).status_code == 404


def test_it_refuses_a_beleidsmedewerker(client, beleidsmedewerker, item):
    client.force_login(beleidsmedewerker)
    assert client.get(url(item), **HTMX).status_code == 403
    assert client.post(url(item), edit(item), **HTMX).status_code == 403
    item.refresh_from_db()
    assert item.version == 1


def test_it_is_not_found_for_an_item_of_another_case(client, notulist, evaluation):
    other = Case.objects.get(code="2").items.first()
    client.force_login(notulist)
    assert client.get(url(other)).status_code == 404


def test_it_shows_the_item_in_a_form_filled_the_dutch_way(client, notulist, item):
    client.force_login(notulist)
    for headers in ({}, HTMX):
        response = client.get(url(item), **headers)
        html = response.content.decode()
        assert response.status_code == 200
        assert 'value="2 sep 2016"' in html
        assert 'value="1 mrt 2017"' in html
        assert 'value="Gesprekken met de klantmanager"' in html
        assert f'id="id_item{item.pk}-regel0-price_item" value="KM"' in html
        assert f'name="item{item.pk}-version" value="1"' in html
    assert "<html" in client.get(url(item)).content.decode()
    assert "<html" not in client.get(url(item), **HTMX).content.decode()


def test_it_saves_every_field_and_answers_with_the_row(client, notulist, item):
    client.force_login(notulist)
    response = client.post(url(item), edit(item, is_intervention="on"), **HTMX)
    assert response.status_code == 200
    assert f'<li id="item-{item.pk}"' in response.content.decode()
    item.refresh_from_db()
    assert item.description == "Gesprekken met twee klantmanagers"
    assert (item.start, item.end, item.is_intervention) == (
        date(2016, 9, 2),
        date(2017, 3, 1),
        True,
    )
    assert item.version == 2
    assert [line.to_costing().cost for line in item.lines.all()] == [Decimal("3200.00")]


def test_it_records_before_and_after_and_raises_the_revision(client, notulist, item):
    client.force_login(notulist)
    revision = Case.objects.get(code="1").revision
    client.post(url(item), edit(item), **HTMX)
    record = ChangeRecord.objects.get(action="update", object_id=str(item.pk))
    assert record.before["description"] == "Gesprekken met de klantmanager"
    assert record.after["description"] == "Gesprekken met twee klantmanagers"
    assert Decimal(record.before["lines"][0]["persons"]) == 1
    assert Decimal(record.after["lines"][0]["persons"]) == 2
    assert Case.objects.get(code="1").revision == revision + 1


def test_it_redirects_to_the_item_without_htmx(client, notulist, item):
    client.force_login(notulist)
    response = client.post(url(item), edit(item))
    assert response.status_code == 302
    assert response["Location"] == f"{CASE_URL}invoer/#item-{item.pk}"


def test_it_refuses_the_second_of_two_edits_and_shows_the_current_version(
    client, owner, notulist, item
):
    client.force_login(owner)
    first = edit(item, description="Eerste wijziging")
    second = edit(item, description="Tweede wijziging")  # also started from version 1
    assert client.post(url(item), first, **HTMX).status_code == 200
    client.force_login(notulist)
    response = client.post(url(item), second, **HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Niet opgeslagen: iemand anders heeft dit item intussen gewijzigd" in html
    assert "Eerste wijziging" in html  # the current version, shown
    assert 'value="Tweede wijziging"' in html  # what was typed, kept
    assert f'name="item{item.pk}-version" value="2"' in html
    item.refresh_from_db()
    assert (item.description, item.version) == ("Eerste wijziging", 2)
    # Saving once more, knowingly, replaces the current version.
    again = edit(item, description="Tweede wijziging")
    client.post(url(item), again, **HTMX)
    item.refresh_from_db()
    assert (item.description, item.version) == ("Tweede wijziging", 3)


def test_it_refuses_invalid_input_keeping_it(client, notulist, item):
    client.force_login(notulist)
    response = client.post(url(item), edit(item, start="30 feb 2017"), **HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert "“30 feb 2017” is geen bestaande datum: februari 2017 heeft 28 dagen." in html
    assert 'value="30 feb 2017"' in html
    item.refresh_from_db()
    assert item.version == 1
