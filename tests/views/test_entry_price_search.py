"""Finding a price item by a few letters of its code or name."""

from tests.conftest import CASE_URL

URL = CASE_URL + "invoer/prijsitems/"
HTMX = {"HTTP_HX_REQUEST": "true"}


def test_it_answers_htmx_with_options_by_name(client, notulist, evaluation):
    client.force_login(notulist)
    response = client.get(URL, {"regel0-price_item": "klant"}, **HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert '<option value="KM – Klantmanager">uur · € 80,00</option>' in html
    assert "GGZ" not in html


def test_it_finds_by_code(client, notulist, evaluation):
    client.force_login(notulist)
    html = client.get(URL, {"item3-regel1-price_item": "gg"}, **HTMX).content.decode()
    assert '<option value="GGZ – GGZ-behandeling">' in html
    assert "Klantmanager" not in html


def test_it_is_a_page_without_htmx(client, beleidsmedewerker, evaluation):
    client.force_login(beleidsmedewerker)
    html = client.get(URL, {"q": "klant"}).content.decode()
    assert "<h1>Prijsitems zoeken</h1>" in html
    assert "Klantmanager" in html
    assert "GGZ-behandeling" not in html
