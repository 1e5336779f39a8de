"""Pushed updates in real browsers: three screens of one case see every change the moment
it is committed; a screen whose stream is cut says so within 3 seconds and shows the missed
changes once the connection returns.

The live server of pytest-django is WSGI and threaded, in this process: the stream view
serves it a blocking generator (one thread per open stream) fed by the same in-process hub
that serves ASGI in production, so a write made here reaches the browsers as a save in the
entry screen would. The ASGI path itself is covered by bench/push.py against uvicorn.
"""

from datetime import date

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from cases import live, timeline
from cases.models import Case, Scenario
from tests.e2e.conftest import keep_screenshot

PASSWORD = "stein-demo-2018"  # the demo's published password


@pytest.fixture
def case(demo):
    return Case.objects.select_related("evaluation").get(code="1")


def _screen(browser, live_server, case, username):
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{live_server.url}/inloggen/")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}/evaluaties/{case.evaluation.slug}/casussen/{case.code}/sessie/")
    expect(page.locator("#live-status")).to_contain_text("Live")
    return context, page


def _stage(page):
    """The time axis (or list): the strip of the last changes names a deleted item too."""
    return page.locator(".board-stage")


def _add(case, description):
    item, _new = timeline.create_item(
        get_user_model().objects.get(username="notulist"),
        case,
        {
            "scenario": Scenario.objects.get(evaluation=case.evaluation, code="met"),
            "kind": "gebeurtenis",
            "start": date(2016, 9, 1),
            "end": date(2016, 9, 1),
            "description": description,
        },
        [],
    )
    return item


def test_a_second_and_a_third_screen_see_every_change(browser, live_server, case):
    screens = [
        _screen(browser, live_server, case, name)
        for name in ("effectencalculateur", "beleidsmedewerker")
    ]
    pages = [page for _context, page in screens]
    notulist = get_user_model().objects.get(username="notulist")
    item = _add(case, "Melding bij het Dorpenteam")
    for page in pages:
        expect(_stage(page)).to_contain_text("Melding bij het Dorpenteam", timeout=2000)
    item = timeline.current_item(item.pk)
    item.case = case
    timeline.update_item(
        notulist, item, item.version, {"description": "Melding bij het sociaal team"}, []
    )
    for page in pages:
        expect(_stage(page)).to_contain_text("Melding bij het sociaal team", timeout=2000)
    record = timeline.delete_item(notulist, timeline.current_item(item.pk))
    for page in pages:
        expect(_stage(page)).not_to_contain_text("sociaal team", timeout=2000)
    timeline.restore_item(notulist, record)
    for page in pages:
        expect(_stage(page)).to_contain_text("Melding bij het sociaal team", timeout=2000)
        expect(page.locator("#live-status")).to_contain_text("Live · bijgewerkt om")
    keep_screenshot(pages[0], "live-connected")
    for context, _page in screens:
        context.close()


def test_a_cut_stream_is_said_at_once_and_the_missed_changes_come_back(browser, live_server, case):
    context, page = _screen(browser, live_server, case, "beleidsmedewerker")
    page.route("**/sessie/stroom/", lambda route: route.abort())
    live.hub.close_all()  # as a restarting server or a dropped line would
    notice = page.locator("#live-status")
    expect(notice).to_contain_text("Verbinding verbroken — opnieuw verbinden…", timeout=3000)
    expect(notice).to_contain_text("laatste update")
    _add(case, "Gemist tijdens de storing")
    keep_screenshot(page, "live-lost")
    page.unroute("**/sessie/stroom/")
    # Back by the stream's own retry or, after three failed tries, by polling.
    expect(_stage(page)).to_contain_text("Gemist tijdens de storing", timeout=8000)
    context.close()


def test_an_offline_screen_says_so_and_catches_up_when_it_is_back(browser, live_server, case):
    context, page = _screen(browser, live_server, case, "beleidsmedewerker")
    context.set_offline(True)
    notice = page.locator("#live-status")
    expect(notice).to_contain_text("Verbinding verbroken", timeout=3000)
    expect(notice).to_have_class("live-status live-status--lost")
    _add(case, "Binnengekomen toen het scherm offline was")
    page.wait_for_timeout(500)
    expect(_stage(page)).not_to_contain_text("offline was")
    context.set_offline(False)
    expect(_stage(page)).to_contain_text("offline was", timeout=3000)
    expect(notice).to_contain_text("Live")
    context.close()


def test_where_no_stream_can_be_held_the_screen_polls_and_says_so(browser, live_server, case):
    context = browser.new_context()
    # As behind a proxy that refuses event streams: every attempt fails from the start.
    context.route("**/sessie/stroom/", lambda route: route.abort())
    page = context.new_page()
    page.goto(f"{live_server.url}/inloggen/")
    page.get_by_label("Gebruikersnaam").fill("beleidsmedewerker")
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}/evaluaties/{case.evaluation.slug}/casussen/{case.code}/sessie/")
    notice = page.locator("#live-status")
    expect(notice).to_contain_text("vraagt elke 5 seconden om wijzigingen", timeout=12000)
    _add(case, "Gezien door te vragen")
    expect(_stage(page)).to_contain_text("Gezien door te vragen", timeout=7000)
    expect(notice).to_have_class("live-status live-status--polling")
    keep_screenshot(page, "live-polling")
    context.close()
