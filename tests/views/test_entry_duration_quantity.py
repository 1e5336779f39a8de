"""The Aantal of a line by the hour takes a duration as it is said ("2:30", "150 min",
"2,5 uur") as hours; a line counted in anything else refuses one at the field."""

from decimal import Decimal

import pytest

from cases.models import CostLine
from tests.conftest import CASE_URL, entry_data

URL = CASE_URL + "invoer/"
PREVIEW = URL + "voorbeeld/"
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.mark.parametrize("typed", ["2:30", "150 min", "2,5 uur", "2 uur 30 min", "2,5"])
def test_an_hourly_line_takes_a_duration(client, notulist, evaluation, typed):
    client.force_login(notulist)
    html = client.post(URL, entry_data(**{"regel0-quantity": typed}), **HTMX).content.decode()
    assert "Opgeslagen: Huisbezoek wijkteam" in html
    line = CostLine.objects.get(item__description="Huisbezoek wijkteam")
    assert line.quantity == Decimal("2.5")
    assert line.to_costing().cost == Decimal("200.00")


def test_the_preview_shows_the_duration_as_hours(client, notulist, evaluation):
    client.force_login(notulist)
    html = client.post(PREVIEW, entry_data(**{"regel0-quantity": "1:15"}), **HTMX)
    assert "1,25 uur × 1 persoon × € 80,00 = € 100" in html.content.decode()


def test_a_line_not_by_the_hour_refuses_a_duration(client, notulist, evaluation):
    client.force_login(notulist)
    data = entry_data(**{"regel0-price_item": "GGZ", "regel0-quantity": "2 uur"})
    html = client.post(URL, data, **HTMX).content.decode()
    assert "Dit is een duur, maar GGZ-behandeling telt per traject. Vul een aantal in." in html
    assert 'value="2 uur"' in html
    assert not CostLine.objects.filter(item__description="Huisbezoek wijkteam").exists()


def test_an_unreadable_duration_is_refused_in_dutch(client, notulist, evaluation):
    client.force_login(notulist)
    html = client.post(URL, entry_data(**{"regel0-quantity": "2:75"}), **HTMX).content.decode()
    assert "een uur heeft 60 minuten" in html
    assert 'value="2:75"' in html
