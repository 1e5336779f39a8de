"""The projector view in a real browser, at 1920×1080 and 1366×768: a case of 18 months
filled with 60 items, saved one by one while the chair's screen follows; after each save the
newest item, every werkwijze's total and verschil lie inside the viewport and the page does
not scroll. Also the sizes of the type, axe-core, and the chair's keys."""

import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from cases.models import Case, Evaluation, Scenario
from cases.timeline import create_item
from tests.e2e.axe import serious_violations
from tests.e2e.conftest import keep_screenshot

SIZES = [(1920, 1080), (1366, 768)]


@pytest.fixture
def long_case(demo):
    """A sixth Stein case of 18 months and a third werkwijze, still empty."""
    evaluation = Evaluation.objects.get()
    Scenario.objects.create(evaluation=evaluation, code="niets", name="Niets doen", position=3)
    return Case.objects.create(
        evaluation=evaluation,
        code="6",
        title="Schulden en zorg",
        start_date=date(2017, 1, 1),
        end_date=date(2018, 6, 30),
        position=6,
    )


def _fields(n: int, scenarios) -> tuple[dict, list[dict]]:
    """The n-th item of the session: spread over the 18 months and three werkwijzen, every
    fifth an event, every seventh the intervention, lasting a day to five months."""
    start = date(2017, 1, 1) + timedelta(days=(n * 9) % 540)
    event = n % 5 == 0
    lasting = min(start + timedelta(days=20 + n * 7 % 130), date(2018, 6, 30))
    end = start if event or n % 4 == 0 else lasting
    fields = {
        "scenario": scenarios[n % 3],
        "kind": "gebeurtenis" if event else "ondersteuning",
        "start": start,
        "end": end,
        "description": f"Item {n + 1}: {'melding' if event else 'begeleiding thuis'}",
        "is_intervention": n % 7 == 0 and not event,
    }
    lines = [] if event else [{"fixed_amount": Decimal(150 + n * 37 % 900)}]
    return fields, lines


def _session_url(live_server, case, query=""):
    slug = case.evaluation.slug
    return f"{live_server.url}/evaluaties/{slug}/casussen/{case.code}/sessie/{query}"


def _inside(page, locator):
    box = locator.bounding_box()
    size = page.viewport_size
    assert box is not None, locator
    assert box["x"] >= 0 and box["y"] >= 0, (locator, box)
    assert box["x"] + box["width"] <= size["width"] + 0.5, (locator, box)
    assert box["y"] + box["height"] <= size["height"] + 0.5, (locator, box)


def _no_scrolling(page):
    assert page.evaluate(
        "document.documentElement.scrollHeight <= innerHeight"
        " && document.documentElement.scrollWidth <= innerWidth"
    )


@pytest.mark.parametrize("width,height", SIZES)
def test_after_each_of_60_saves_the_newest_item_and_the_totals_are_in_sight(
    long_case, login, live_server, width, height
):
    page = login("effectencalculateur")
    page.set_viewport_size({"width": width, "height": height})
    page.goto(_session_url(live_server, long_case))
    expect(page.locator("#board h1")).to_have_text("Casus 6: Schulden en zorg")
    user = get_user_model().objects.get(username="notulist")
    scenarios = list(long_case.evaluation.scenarios.all())
    for n in range(60):
        fields, lines = _fields(n, scenarios)
        item, _ = create_item(user, Case.objects.get(pk=long_case.pk), fields, lines)
        # What the live stream will do; the board's own poll would come within a second.
        page.evaluate("document.body.dispatchEvent(new CustomEvent('board-changed'))")
        bar = page.locator(f'#board svg [data-item="{item.pk}"]').first
        expect(bar).to_be_attached()
        expect(page.locator(".board-changes .change").first).to_contain_text(fields["description"])
        _inside(page, bar)
        _inside(page, page.locator(".board-changes .change").first)
        for figure in page.locator(".board-totals__total dd, .board-totals__difference dd").all():
            _inside(page, figure)
        _no_scrolling(page)
    assert page.locator("#board svg [data-item]").count() >= 60
    keep_screenshot(page, f"projector-timeline-{width}x{height}")
    page.keyboard.press("t")
    newest = page.locator(".board-item").filter(has_text="Item 60:")
    expect(newest).to_be_visible()
    _inside(page, newest)
    _no_scrolling(page)
    keep_screenshot(page, f"projector-list-{width}x{height}")
    page.keyboard.press("u")
    expect(page.get_by_role("heading", name="Uren per discipline")).to_be_visible()
    _inside(page, page.get_by_role("heading", name="Kosten per financier"))
    _no_scrolling(page)
    keep_screenshot(page, f"projector-panel-{width}x{height}")
    # Back to the time axis, one werkwijze in focus, then zoomed: the newest still in sight.
    page.keyboard.press("u")
    expect(page.get_by_role("heading", name="Uren per discipline")).to_be_hidden()
    page.keyboard.press("t")
    expect(page.locator("#board svg")).to_be_visible()
    page.keyboard.press("3")
    expect(page.locator(".werkwijze--focus")).to_contain_text("Niets doen")
    newest_bar = page.locator(f'#board svg rect[data-item="{item.pk}"]')
    _inside(page, newest_bar)
    keep_screenshot(page, f"projector-focus-{width}x{height}")
    page.keyboard.press("z")
    expect(page.get_by_role("link", name="Z Hele periode")).to_be_visible()
    _inside(page, newest_bar)
    _no_scrolling(page)
    keep_screenshot(page, f"projector-zoom-{width}x{height}")


def _px(locator, prop="font-size") -> float:
    return float(locator.evaluate(f"e => getComputedStyle(e).getPropertyValue('{prop}')")[:-2])


def test_at_1920_the_totals_are_48_px_and_items_24_px(long_case, login, live_server):
    user = get_user_model().objects.get(username="notulist")
    scenarios = list(long_case.evaluation.scenarios.all())
    for n in range(60):
        create_item(user, long_case, *_fields(n, scenarios))
    page = login("effectencalculateur")
    page.set_viewport_size({"width": 1920, "height": 1080})
    page.goto(_session_url(live_server, long_case))
    for figure in page.locator(".board-totals__total dd, .board-totals__difference dd").all():
        assert _px(figure) >= 48 or figure.inner_text() == "referentie"
    # The intervention as large as the total and the verschil (the three stack).
    interventions = page.locator(".board-totals__intervention dd").all()
    assert len(interventions) == 3
    for figure in interventions:
        assert _px(figure) >= 48
    for text in page.locator(".change__what, .change__meta").all():
        assert _px(text) >= 24
    page.goto(_session_url(live_server, long_case, "?weergave=lijst"))
    for text in page.locator(".board-item__text, .board-item__meta > span").all()[:20]:
        assert _px(text) >= 24
    # In the time axis, the drawn amounts as the projector shows them: all three werkwijzen
    # of 60 items share the height, one werkwijze in focus has it to itself.
    least = {"": 24, "?van=2017-06": 24, "?focus=met": 24, "?van=2017-06&focus=met": 24}
    for query, size in least.items():
        page.goto(_session_url(live_server, long_case, query))
        sizes = page.locator("#board svg text[data-amount]").evaluate_all(
            "all => all.map(t => t.getScreenCTM().a * parseFloat(t.getAttribute('font-size')))"
        )
        bars = page.locator("#board svg rect[data-item]").count()
        print("amounts in the time axis", query or "(all)", min(sizes), "px", len(sizes), bars)
        assert min(sizes) >= size, query
        # Fewer, larger amounts (each where it fits): still more than half the bars have one.
        assert len(sizes) > bars / 2, query


def test_the_chair_steers_by_keyboard(long_case, login, live_server):
    user = get_user_model().objects.get(username="notulist")
    scenarios = list(long_case.evaluation.scenarios.all())
    for n in range(20):
        create_item(user, long_case, *_fields(n, scenarios))
    page = login("effectencalculateur")
    page.set_viewport_size({"width": 1366, "height": 768})
    page.goto(_session_url(live_server, long_case))
    board = page.locator("#board")
    keys = page.get_by_role("navigation", name="Toetsen van de voorzitter")
    expect(keys).to_contain_text("T Lijst")
    # T: the list and back.
    page.keyboard.press("t")
    expect(board.locator(".board__columns")).to_be_visible()
    expect(keys).to_contain_text("T Tijdas")
    assert "weergave=lijst" in page.url
    page.keyboard.press("t")
    expect(board.locator("svg")).to_be_visible()
    # Z: six months, arrows move them, Z again the whole period.
    months = board.locator("svg text").filter(has_text="2018")
    expect(months.first).to_be_visible()
    page.keyboard.press("z")
    expect(keys).to_contain_text("Z Hele periode")
    assert "van=" in page.url
    before = page.url
    page.keyboard.press("ArrowRight")
    expect(page).not_to_have_url(before)
    page.keyboard.press("z")
    expect(keys).to_contain_text("Z Inzoomen")
    assert "van=" not in page.url
    # 1-3: one werkwijze in focus, 0 all again.
    lanes = board.locator("svg > rect[fill='#eee']")
    all_lanes = lanes.count()
    page.keyboard.press("2")
    focused = keys.get_by_role("link", name="2 Zonder Village Deal")
    expect(focused).to_have_attribute("aria-current", "true")
    expect(lanes).to_have_count(all_lanes - 2)
    page.keyboard.press("0")
    expect(lanes).to_have_count(all_lanes)
    # N and V: the next and the previous case, in the same screen.
    page.keyboard.press("v")
    expect(board.locator("h1")).to_have_text("Casus 5: SMI-kinderopvang")
    expect(page).to_have_title(re.compile("^Sessie casus 5: SMI-kinderopvang"))
    case_link = page.locator('#site-menu [data-menu="case"]')
    expect(case_link).to_have_attribute("href", re.compile("/casussen/5/$"))
    expect(case_link).to_have_text("Casus 5: SMI-kinderopvang")
    page.keyboard.press("n")
    expect(board.locator("h1")).to_have_text("Casus 6: Schulden en zorg")
    # M: the site's menu, Escape closes it.
    page.keyboard.press("m")
    menu = page.get_by_role("navigation", name="Hoofdmenu")
    expect(menu).to_be_visible()
    expect(menu.get_by_role("button", name="Uitloggen")).to_be_visible()
    page.keyboard.press("Escape")
    expect(menu).to_be_hidden()
    # F: full screen and back.
    page.keyboard.press("f")
    page.wait_for_function("document.fullscreenElement === document.documentElement")
    page.keyboard.press("f")
    page.wait_for_function("document.fullscreenElement === null")


def test_axe_finds_nothing_serious_on_the_projector_view(long_case, login, live_server):
    user = get_user_model().objects.get(username="notulist")
    scenarios = list(long_case.evaluation.scenarios.all())
    for n in range(30):
        create_item(user, long_case, *_fields(n, scenarios))
    page = login("effectencalculateur")
    page.set_viewport_size({"width": 1920, "height": 1080})
    for query in ("", "?weergave=lijst", "?paneel=uren", "?van=2017-06&focus=met"):
        page.goto(_session_url(live_server, long_case, query))
        assert serious_violations(page) == [], query
