"""The notulist types straight through saves, at any network delay and through an outage:
every item typed is stored once, with exactly the text typed, in the order typed.

These tests drive Chromium with Playwright's async API: a route handler that holds each
request back (network delay) must sleep without stopping the keyboard, which the sync API's
single thread cannot do. The database is read after the browser is done.

Set ``E2E_SCREENSHOTS=/some/folder`` to keep screenshots of the screen while it saves.
"""

import asyncio
import os
import re
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import date

import pytest
from playwright.async_api import async_playwright, expect

from cases.models import Evaluation, TimelineItem
from pricelist.models import PriceList
from tests.e2e.conftest import CHROMIUM_ARGS

PASSWORD = "stein-demo-2018"  # the demo's published password
CASE = "1"
KEY_DELAY = 125  # ms between keys: 8 keys a second
SHOTS = os.environ.get("E2E_SCREENSHOTS")


@pytest.fixture
def slug(demo):
    """Stein, priced with the example price list (its own list holds only amounts)."""
    evaluation = Evaluation.objects.get()
    evaluation.price_list = PriceList.objects.get(name__startswith="Voorbeeldprijslijst")
    evaluation.save()
    return evaluation.slug


def _items(count, first=0):
    """What the notulist types, short but of both kinds: every third item a support item
    with one priced line; each with its own date and description."""
    for n in range(first, first + count):
        day = date(2017, 1 + n % 12, 1 + n)
        start = f"{day.day}-{day.month}-{day.year}"
        if n % 3 == 2:
            yield {
                "kind": "o",
                "start": start,
                "text": f"Hulp {n:02d}",
                "line": ["WMO-BEGELEIDING", "2"],
            }
        else:
            yield {"kind": "g", "start": start, "text": f"Melding {n:02d}", "line": None}


def _run(session) -> None:
    """Run the async ``session`` in a thread of its own: once a test of the sync Playwright API
    has run in this process, its event loop runs in the main thread, and ``asyncio.run``
    refuses to start a second loop there."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(lambda: asyncio.run(session())).result()


async def _key(page, key):
    await page.keyboard.press(key)
    await asyncio.sleep(KEY_DELAY / 1000)


async def _enter(page, item):
    """One item from the Soort field at 8 keys a second: soort, werkwijze, start, (eind),
    omschrijving, then prijsitem and aantal; Enter; the next item starts 50 ms later."""
    await page.keyboard.type(item["kind"], delay=KEY_DELAY)
    await _key(page, "Tab")
    await page.keyboard.type("m", delay=KEY_DELAY)
    await _key(page, "Tab")
    await page.keyboard.type(item["start"], delay=KEY_DELAY)
    await _key(page, "Tab")
    await _key(page, "Tab")  # no end: one day
    await page.keyboard.type(item["text"], delay=KEY_DELAY)
    if item["line"]:
        for value in item["line"]:
            await _key(page, "Tab")
            await page.keyboard.type(value, delay=KEY_DELAY)
    await page.keyboard.press("Enter")
    await asyncio.sleep(0.05)


async def _open(live_server_url, slug, delay_ms=0):
    playwright = await async_playwright().start()
    browser = await playwright.chromium.launch(
        executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS
    )
    context = await browser.new_context(viewport={"width": 1366, "height": 768})
    if delay_ms:

        async def slow(route):
            await asyncio.sleep(delay_ms / 1000)
            await route.continue_()

        await context.route("**/*", slow)
    page = await context.new_page()
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    await page.goto(f"{live_server_url}/inloggen/")
    await page.get_by_label("Gebruikersnaam").fill("notulist")
    await page.get_by_label("Wachtwoord").fill(PASSWORD)
    await page.get_by_role("button", name="Inloggen").click()
    await expect(page.get_by_role("heading", level=1)).to_contain_text("Evaluaties")
    await page.goto(_entry_url(live_server_url, slug))
    await expect(page.get_by_label("Soort")).to_be_focused()
    return playwright, browser, context, page, errors


def _entry_url(live_server_url, slug):
    return f"{live_server_url}/evaluaties/{slug}/casussen/{CASE}/invoer/"


async def _all_sent(page, timeout=60_000):
    await expect(page.locator("#items .entry-item--pending")).to_have_count(0, timeout=timeout)
    await expect(page.locator("#outbox-status")).not_to_contain_text("wacht")


def _stored(before: set[int]) -> list[TimelineItem]:
    """The items made by the test, in the order they were stored."""
    return list(
        TimelineItem.objects.exclude(pk__in=before)
        .prefetch_related("lines__price_item")
        .order_by("pk")
    )


def _assert_stored_as_typed(items, typed):
    assert [item.description for item in items] == [entry["text"] for entry in typed]
    for item, entry in zip(items, typed, strict=True):
        day, month, year = map(int, entry["start"].split("-"))
        assert (item.start, item.end) == (date(year, month, day), date(year, month, day))
        assert item.kind == ("ondersteuning" if entry["line"] else "gebeurtenis")
        assert item.scenario.code == "met"
        assert item.idempotency_key is not None
        if entry["line"]:
            [line] = item.lines.all()
            assert (line.price_item.code, line.quantity) == ("WMO-BEGELEIDING", 2)


@pytest.mark.parametrize("delay_ms", [0, 300, 1000])
def test_twenty_items_typed_straight_through_at_any_delay(slug, live_server, delay_ms):
    before = set(TimelineItem.objects.values_list("pk", flat=True))
    typed = list(_items(20))

    async def session():
        playwright, browser, _context, page, errors = await _open(live_server.url, slug, delay_ms)
        try:
            for n, item in enumerate(typed):
                await _enter(page, item)
                if n == 10 and delay_ms == 1000 and SHOTS:
                    await page.screenshot(path=f"{SHOTS}/saving-1000ms.png", full_page=True)
                # Never waiting for the answer: the empty row is there at once.
                await expect(page.locator("#quick-entry [name=start]")).to_have_value("")
            await _all_sent(page)
            await expect(page.locator("#items .entry-item--refused")).to_have_count(0)
            await expect(page.locator("#entry-status")).to_contain_text("Opgeslagen: Melding 19")
            assert errors == []
        finally:
            await browser.close()
            await playwright.stop()

    _run(session)
    _assert_stored_as_typed(_stored(before), typed)


def test_thirty_seconds_offline_loses_and_duplicates_nothing(slug, live_server):
    before = set(TimelineItem.objects.values_list("pk", flat=True))
    typed = list(_items(15))

    async def session():
        playwright, browser, context, page, _errors = await _open(live_server.url, slug, 300)
        try:
            for item in typed[:5]:
                await _enter(page, item)
            await context.set_offline(True)
            offline_since = time.monotonic()
            for item in typed[5:10]:
                await _enter(page, item)
            status = page.locator("#outbox-status")
            await expect(status).to_contain_text(re.compile(r"\d+ items wachten op verbinding"))
            await expect(page.locator("#items .entry-item--pending").first).to_contain_text(
                "wacht op verbinding"
            )
            if SHOTS:
                await page.screenshot(path=f"{SHOTS}/offline.png", full_page=True)
            await asyncio.sleep(max(0.0, 30 - (time.monotonic() - offline_since)))
            await context.set_offline(False)
            for item in typed[10:]:
                await _enter(page, item)
            await _all_sent(page)
        finally:
            await browser.close()
            await playwright.stop()

    _run(session)
    _assert_stored_as_typed(_stored(before), typed)


WRONG = {"kind": "g", "start": "31-9-2017", "text": "Fout 99", "line": None}


def test_a_reload_during_the_outage_sends_the_waiting_items_afterwards(slug, live_server):
    before = set(TimelineItem.objects.values_list("pk", flat=True))
    typed = list(_items(5))

    async def session():
        playwright, browser, context, page, _errors = await _open(live_server.url, slug)
        try:
            for item in typed[:2]:
                await _enter(page, item)
            await _all_sent(page)
            await context.set_offline(True)
            for item in typed[2:]:
                await _enter(page, item)
            await _enter(page, WRONG)
            await expect(page.locator("#outbox-status")).to_contain_text(
                "4 items wachten op verbinding"
            )
            with pytest.raises(Exception, match="ERR_INTERNET_DISCONNECTED"):
                await page.reload()
            await context.set_offline(False)
            await page.goto(_entry_url(live_server.url, slug))
            # The waiting items show at once, then are sent, oldest first.
            await _all_sent(page)
            for item in typed:
                await expect(page.locator("#items")).to_contain_text(item["text"])
            # The refusal that came back after the reconnect is a row to correct.
            refused = page.locator("#items .entry-item--refused")
            await expect(refused).to_contain_text("september 2017 heeft 30 dagen")
            await expect(refused.get_by_label("Omschrijving")).to_have_value(WRONG["text"])
            await expect(page.locator("#outbox-status")).to_have_text(
                "1 item is niet opgeslagen: verbeter het in de lijst."
            )
        finally:
            await browser.close()
            await playwright.stop()

    _run(session)
    _assert_stored_as_typed(_stored(before), typed)
