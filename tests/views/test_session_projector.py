"""The projector view of the session screen: no site chrome, the time axis by the report's
Gantt, the totals and the last changes, and the chair's choices (list, panel, zoom, focus,
next case) kept in the address and checked against the case."""

import re
from datetime import date

from cases.models import Case
from tests.conftest import CASE_URL

URL = CASE_URL + "sessie/"
HTMX = {"HTTP_HX_REQUEST": "true"}


def _keys(html: str) -> dict[str, str]:
    """The chair's keys as the screen lists them: key → address."""
    nav = html[html.index('aria-label="Toetsen van de voorzitter"') :]
    return {
        key: href.replace("&amp;", "&")
        for href, key in re.findall(r'<a href="([^"]*)" data-key="([^"]+)"', nav)
    }


def test_it_leaves_out_the_site_chrome_and_keeps_the_menu_a_key_away(client, notulist, evaluation):
    client.force_login(notulist)
    html = client.get(URL).content.decode()
    assert 'class="site-header"' not in html
    assert 'class="breadcrumb"' not in html
    menu = html[html.index('<nav id="site-menu"') : html.index("</nav>")]
    assert "popover" in menu
    assert "Uitloggen" in menu and "Evaluaties" in menu and f'href="{CASE_URL}invoer/"' in menu
    assert 'popovertarget="site-menu"' in html
    assert "data-fullscreen" in html
    assert '<p id="live-status" role="status" aria-live="polite"></p>' in html


def test_it_draws_the_course_with_the_reports_gantt(client, member, evaluation):
    client.force_login(member)
    html = client.get(URL).content.decode()
    assert 'aria-roledescription="tijdas"' in html
    assert "Opgetelde kosten per werkwijze" in html
    assert 'data-amount="' in html and ">€ 1.600<" in html  # beside the klantmanager's bar
    # Totals, intervention and verschil per werkwijze in sight.
    assert re.search(r'id="totalen-met".*?€ 2\.037.*?€ 437.*?€ -537', html, re.S)


def test_it_lists_the_last_three_changes_with_who_and_amount(client, notulist, evaluation):
    client.force_login(notulist)
    for n in range(4):
        client.post(
            CASE_URL + "invoer/",
            {
                "kind": "ondersteuning",
                "scenario": "met",
                "start": f"{n + 1} jan 2017",
                "description": f"Wijziging {n}",
                "regels": "1",
                "regel0-fixed_amount": f"{100 + n}",
            },
            **HTMX,
        )
    html = client.get(URL).content.decode()
    strip = html[html.index('class="board-changes"') :]
    whats = re.findall(r'<p class="change__what">([^<]+)</p>', strip)
    assert whats == ["Wijziging 3", "Wijziging 2", "Wijziging 1"]
    assert "aangemaakt · <strong>€ 103</strong> · notulist · <time" in strip
    assert "zojuist" in strip


def test_the_keys_keep_the_chairs_choices_in_the_address(client, member, evaluation):
    client.force_login(member)
    keys = _keys(client.get(URL).content.decode())
    assert keys["t"] == "?weergave=lijst"
    assert keys["u"] == "?paneel=uren"
    assert keys["1"] == "?focus=met" and keys["2"] == "?focus=zonder"
    assert keys["n"] == "/evaluaties/village-deal-test/casussen/2/sessie/?"
    assert "v" not in keys  # the first case has no previous one
    # Case 1 runs from September 2016 to June 2018: zooming shows six months.
    zoom = keys["z"]
    assert zoom.startswith("?van=")
    zoomed = client.get(URL + zoom).content.decode()
    keys = _keys(zoomed)
    assert keys["z"] == "?"  # back to the whole period
    start = date.fromisoformat(zoom.split("=")[1] + "-01")
    later = date.fromisoformat(keys["ArrowRight"].split("=")[1] + "-01")
    assert (later.year - start.year) * 12 + later.month - start.month == 3
    assert "Tijdas van " in zoomed and "tot en met" in zoomed


def test_it_ignores_choices_the_case_does_not_have(client, member, evaluation):
    client.force_login(member)
    html = client.get(URL, {"focus": "<script>", "van": "2099-13", "weergave": "x"}).content
    keys = _keys(html.decode())
    assert keys["t"] == "?weergave=lijst"
    assert keys["z"].startswith("?van=")  # not zoomed
    assert b"<script>" not in html
    # A start beyond the case is brought back to its last six months.
    keys = _keys(client.get(URL, {"van": "2030-01"}).content.decode())
    assert keys["ArrowRight"] == "?van=2018-04"  # from Jan 2018: six months to June 2018


def test_one_werkwijze_in_focus_has_the_time_axis_to_itself(client, member, evaluation):
    client.force_login(member)
    html = client.get(URL, {"focus": "zonder"}).content.decode()
    svg = html[html.index("<svg") : html.index("</svg>")]
    # Its lane alone; every werkwijze's cost line stays, to see where they cross.
    assert svg.count(">Zonder interventie<") == 3  # its lane, its line and the legend
    assert svg.count(">Met interventie<") == 2  # its line and the legend only
    assert 'class="werkwijze werkwijze--focus" id="totalen-zonder"' in html
    assert 'aria-current="true"><kbd>2</kbd>' in html


def test_the_refresh_keeps_the_chairs_view(client, member, evaluation):
    client.force_login(member)
    html = client.get(URL, {"weergave": "lijst", "focus": "met"}).content.decode()
    revision = Case.objects.get(code="1").revision
    assert f'hx-get="{URL}?revision={revision}&amp;since=' in html
    assert "&amp;weergave=lijst&amp;focus=met" in html
    # Unchanged, the refresh is still the empty 204 whatever the view.
    response = client.get(URL, {"revision": revision, "weergave": "lijst"}, **HTMX)
    assert response.status_code == 204


def test_the_next_case_comes_as_a_board_into_the_same_screen(client, member, evaluation):
    client.force_login(member)
    response = client.get("/evaluaties/village-deal-test/casussen/2/sessie/", **HTMX)
    html = response.content.decode()
    assert html.strip().startswith('<div id="board"')
    assert "<h1>Casus 2: " in html
    assert _keys(html)["v"] == "/evaluaties/village-deal-test/casussen/1/sessie/?"


def test_an_outsider_gets_no_other_case_by_its_keys(client, outsider, evaluation):
    client.force_login(outsider)
    assert client.get("/evaluaties/village-deal-test/casussen/2/sessie/", **HTMX).status_code == 404
