"""What a cost line will cost, shown while it is typed: the costing engine's own figures."""

from tests.conftest import CASE_URL, entry_data

URL = CASE_URL + "invoer/voorbeeld/"
HTMX = {"HTTP_HX_REQUEST": "true"}


def test_it_shows_the_calculation_of_every_line(client, notulist, evaluation):
    client.force_login(notulist)
    data = entry_data(
        start="1 jan 2018",
        end="2 jul 2018",  # 183 days: 26,14 weeks
        regels="2",
        **{
            "regel0-quantity": "2",
            "regel0-persons": "3",
            "regel0-frequency": "week",
            "regel0-rate_override": "76,50",
            "regel1-fixed_amount": "436,70",
        },
    )
    response = client.post(URL, data, **HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert (
        '<output id="preview-regel0" hx-swap-oob="innerHTML">'
        "2 uur × 3 personen × 26,14 weken × € 76,50 = € 11.999,57</output>"
    ) in html
    assert "vast bedrag = € 436,70" in html


def test_it_shows_the_example_from_the_session(client, notulist, evaluation):
    client.force_login(notulist)
    data = entry_data(
        start="1 jan 2018",
        end="1 jul 2018",  # 182 days: 26 weeks
        **{"regel0-persons": "3", "regel0-frequency": "week", "regel0-rate_override": "76,50"},
    )
    html = client.post(URL, data, **HTMX).content.decode()
    assert "2 uur × 3 personen × 26 weken × € 76,50 = € 11.934<" in html


def test_it_shows_nothing_for_an_incomplete_line(client, notulist, evaluation):
    client.force_login(notulist)
    data = entry_data(**{"regel0-price_item": "", "regel0-quantity": "2"})
    html = client.post(URL, data, **HTMX).content.decode()
    assert '<output id="preview-regel0" hx-swap-oob="innerHTML"></output>' in html


def test_it_answers_for_an_edit_form_by_its_prefix(client, notulist, evaluation):
    client.force_login(notulist)
    html = client.post(URL, entry_data("item7-"), **HTMX).content.decode()
    assert 'id="preview-item7-regel0"' in html
    assert "2 uur × 1 persoon × € 80,00 = € 160" in html


def test_it_refuses_an_unknown_prefix(client, notulist, evaluation):
    client.force_login(notulist)
    assert client.post(URL, {"formprefix": "x<y"}, **HTMX).status_code == 404
