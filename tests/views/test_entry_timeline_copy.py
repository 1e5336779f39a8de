"""Copying a werkwijze's timeline into another, as the start of the counterfactual."""

from datetime import date

from cases.models import Case, TimelineItem
from history.models import ChangeRecord
from tests.conftest import CASE_URL

URL = CASE_URL + "invoer/kopieren/"


def _zonder():
    return TimelineItem.objects.filter(case__code="1", scenario__code="zonder")


def test_it_is_not_found_for_an_outsider(client, outsider, evaluation):
    client.force_login(outsider)
    assert client.post(URL, {"source": "met", "target": "zonder"}).status_code == 404


def test_it_refuses_a_beleidsmedewerker(client, beleidsmedewerker, evaluation):
    client.force_login(beleidsmedewerker)
    assert client.post(URL, {"source": "met", "target": "zonder"}).status_code == 403
    assert _zonder().count() == 1


def test_it_shows_its_form(client, notulist, evaluation):
    client.force_login(notulist)
    html = client.get(URL).content.decode()
    assert '<option value="met" selected>' in html
    assert '<option value="zonder" selected>' in html


def test_it_copies_the_whole_timeline(client, notulist, evaluation):
    revision = Case.objects.get(code="1").revision
    client.force_login(notulist)
    response = client.post(URL, {"source": "met", "target": "zonder", "until": ""})
    assert response.status_code == 302
    assert response["Location"] == CASE_URL + "invoer/"
    copies = _zonder().exclude(description="GGZ-behandeling").order_by("position")
    assert [c.description for c in copies] == [
        "Melding bij de gemeente",
        "Gesprekken met de klantmanager",
        "Tandartsrekening betaald",
    ]
    assert copies[1].lines.get().to_costing().cost == 1600
    assert ChangeRecord.objects.filter(action="create", case__code="1").count() == 3
    assert Case.objects.get(code="1").revision == revision + 1


def test_it_copies_up_to_a_date_ending_longer_items_there(client, notulist, evaluation):
    client.force_login(notulist)
    client.post(URL, {"source": "met", "target": "zonder", "until": "15 sep 2016"})
    copies = _zonder().exclude(description="GGZ-behandeling").order_by("position")
    assert [(c.description, c.start, c.end) for c in copies] == [
        ("Melding bij de gemeente", date(2016, 9, 1), date(2016, 9, 1)),
        ("Gesprekken met de klantmanager", date(2016, 9, 2), date(2016, 9, 15)),
    ]


def test_it_says_how_many_items_it_copied(client, notulist, evaluation):
    client.force_login(notulist)
    data = {"source": "met", "target": "zonder"}
    one = client.post(URL, data | {"until": "1 sep 2016"}, follow=True).content.decode()
    assert "1 item gekopieerd van" in one
    three = client.post(URL, data | {"until": ""}, follow=True).content.decode()
    assert "3 items gekopieerd van" in three


def test_it_refuses_the_same_werkwijze_and_a_bad_date(client, notulist, evaluation):
    client.force_login(notulist)
    html = client.post(URL, {"source": "met", "target": "met"}).content.decode()
    assert "Kies een andere werkwijze dan die waarvan u kopieert." in html
    html = client.post(URL, {"source": "met", "target": "zonder", "until": "morgen"}).content
    assert "“morgen” is geen datum" in html.decode()
    assert _zonder().count() == 1
