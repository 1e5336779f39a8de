"""The organisation's overview as a beleidsmedewerker uses it: filter, sort by a header, and
the download links carry the same choice; axe finds nothing serious on the way."""

import re

from tests.e2e.axe import serious_violations
from tests.e2e.conftest import keep_screenshot


def _rows(page) -> list[list[str]]:
    table = page.get_by_role("table", name="Casussen, per werkwijze tegen de referentie")
    return [
        [cell.strip() for cell in row.locator("th, td").all_inner_texts()]
        for row in table.locator("tbody tr").all()
    ]


def test_the_overview_filters_and_sorts_by_keyboard_and_link(demo, login, live_server):
    page = login("beleidsmedewerker")
    page.set_viewport_size({"width": 1366, "height": 768})
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Overzicht").click()
    page.get_by_role("heading", name="Overzicht", level=1).wait_for()
    everything = _rows(page)
    assert len(everything) == 5  # Stein: five cases, one werkwijze against the reference
    assert serious_violations(page) == []
    keep_screenshot(page, "overview-1366", full_page=True)

    # Sort by verschil, largest first: click the header twice.
    page.get_by_role("link", name="Verschil").click()
    page.get_by_role("columnheader", name=re.compile(r"^Verschil.*gesorteerd oplopend")).wait_for()
    page.get_by_role("link", name="Verschil").click()
    header = page.get_by_role("columnheader", name=re.compile(r"^Verschil.*gesorteerd aflopend"))
    assert header.get_attribute("aria-sort") == "descending"
    amounts = [
        int(row[4].split("\n")[0].replace("€", "").replace(".", "").replace(" ", ""))
        for row in _rows(page)
    ]
    assert amounts == sorted(amounts, reverse=True)

    # Filter by text, typed and sent with Enter; the sort stays.
    search = page.get_by_label("Zoeken in evaluatie, casus en werkwijze")
    search.fill("tuin")
    search.press("Enter")
    page.wait_for_url("**q=tuin**")
    filtered = _rows(page)
    assert 0 < len(filtered) < len(everything)
    assert all("tuin" in " ".join(row).casefold() for row in filtered)
    assert "sorteer=-verschil" in page.url
    download = page.get_by_role("link", name="Downloaden (.csv)")
    assert "q=tuin" in download.get_attribute("href")
    assert "sorteer=-verschil" in download.get_attribute("href")
    assert serious_violations(page) == []
    keep_screenshot(page, "overview-filtered", full_page=True)

    # A fase with no case: said plainly, with the way back.
    page.get_by_label("Fase").select_option("prognose")
    page.get_by_role("button", name="Toon").click()
    page.get_by_text("Geen casus past bij deze keuze.").wait_for()
    page.get_by_role("link", name="Toon alle casussen").click()
    assert len(_rows(page)) == 5

    page.set_viewport_size({"width": 1920, "height": 1080})
    keep_screenshot(page, "overview-1920", full_page=True)


def test_an_effectencalculateur_issues_a_token_and_reads_it_once(demo, login, live_server):
    page = login("effectencalculateur")
    page.set_viewport_size({"width": 1366, "height": 768})
    page.goto(f"{live_server.url}/overzicht/")
    page.get_by_role("link", name="API-tokens").click()
    page.get_by_label("Naam").fill("Dashboard sociaal domein")
    page.get_by_role("button", name="Token aanmaken").click()
    secret = page.get_by_label("Token", exact=True).input_value()
    assert secret.startswith("ec_")
    assert serious_violations(page) == []
    keep_screenshot(page, "tokens-issued", full_page=True)
    response = page.request.get(
        f"{live_server.url}/api/v1/evaluaties/", headers={"Authorization": f"Bearer {secret}"}
    )
    assert response.status == 200
    assert [e["title"] for e in response.json()["evaluations"]] == [
        "Evaluatie Village Deal gemeente Stein"
    ]
    page.get_by_role("button", name="Token ‘Dashboard sociaal domein’ intrekken").click()
    page.get_by_text("is ingetrokken").wait_for()
    again = page.request.get(
        f"{live_server.url}/api/v1/evaluaties/", headers={"Authorization": f"Bearer {secret}"}
    )
    assert again.status == 401
