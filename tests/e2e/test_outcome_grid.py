"""A notulist scores outcomes in a real browser by keyboard alone: arrow keys from cell to
cell, Enter saves, a refused cell keeps what was typed and takes the focus; then the case
page and the chair's panel show the chart. The scores are this test's own (the Stein demo
has none)."""

from playwright.sync_api import expect

from cases import outcomes
from cases.models import Evaluation, OutcomeScore
from lib import outcomes as scales
from tests.e2e.axe import serious_violations
from tests.e2e.conftest import keep_screenshot

MET = "Met Village Deal (totale traject)"
ZONDER = "Zonder Village Deal"


def _shot(page, name, whole=False):
    keep_screenshot(page, f"outcomes-{name}", full_page=whole)


def test_scoring_by_keyboard_alone(demo, login, live_server, page):
    page.set_viewport_size({"width": 1366, "height": 768})
    evaluation = Evaluation.objects.get()
    outcomes.set_instrument(evaluation, scales.ZRM_INSTRUMENT)
    base = f"{live_server.url}/evaluaties/{evaluation.slug}/casussen/2/"
    login("notulist")
    page.goto(base + "invoer/")
    page.get_by_role("link", name="Uitkomsten scoren").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Uitkomsten casus 2")
    assert serious_violations(page) == []

    # From the first cell on, the keyboard only.
    page.get_by_label(f"Financiën, {MET}, start").focus()
    keys = page.keyboard
    keys.type("2")
    keys.press("ArrowRight")
    keys.type("4")
    keys.press("ArrowRight")
    keys.type("Schulden in beeld bij de gemeente")
    keys.press("ArrowDown")  # the story of the next domain, same werkwijze
    expect(page.get_by_label(f"Werk & opleiding, {MET}, wat veranderde")).to_be_focused()
    keys.press("Shift+Tab")
    keys.press("Shift+Tab")
    expect(page.get_by_label(f"Werk & opleiding, {MET}, start")).to_be_focused()
    keys.type("1")
    keys.press("Tab")
    keys.type("9")  # outside 1–5
    keys.press("Tab")
    keys.press("Tab")  # past the story to the next werkwijze
    expect(page.get_by_label(f"Werk & opleiding, {ZONDER}, start")).to_be_focused()
    keys.type("1")
    keys.press("Enter")

    refused = page.get_by_label(f"Werk & opleiding, {MET}, eind")
    expect(refused).to_be_focused()
    expect(refused).to_have_value("9")
    expect(page.get_by_text("9 ligt buiten de schaal 1–5.")).to_be_visible()
    expect(page.get_by_label(f"Financiën, {MET}, wat veranderde")).to_have_value(
        "Schulden in beeld bij de gemeente"
    )
    assert not OutcomeScore.objects.exists()
    _shot(page, "grid-refused")
    assert serious_violations(page) == []

    keys.type("3")  # the refused cell is selected: typing replaces it
    keys.press("Enter")
    expect(page.get_by_role("status").filter(has_text="opgeslagen")).to_have_text(
        "3 scores opgeslagen."
    )
    scores = {
        (s.domain.name, s.scenario.code): (s.start, s.end, s.story)
        for s in OutcomeScore.objects.select_related("domain", "scenario")
    }
    assert scores == {
        ("Financiën", "met"): (2, 4, "Schulden in beeld bij de gemeente"),
        ("Werk & opleiding", "met"): (1, 3, ""),
        ("Werk & opleiding", "zonder"): (1, None, ""),
    }
    _shot(page, "grid-saved", whole=True)

    page.goto(base)
    expect(page.get_by_role("heading", name="Uitkomsten voor de inwoner")).to_be_visible()
    expect(page.locator("#uitkomsten-2 desc")).to_contain_text(f"Financiën: {MET} van 2 naar 4")
    page.locator("#uitkomsten-kop").scroll_into_view_if_needed()
    _shot(page, "case-page")
    assert serious_violations(page) == []

    # The chair's U panel: the chart in a third column, inside the projector's screen.
    for width, height in ((1920, 1080), (1366, 768)):
        page.set_viewport_size({"width": width, "height": height})
        page.goto(base + "sessie/?paneel=uren")
        chart = page.locator(".board-outcomes svg")
        expect(chart).to_be_visible()
        box = chart.bounding_box()
        assert box["x"] + box["width"] <= width and box["y"] + box["height"] <= height
        _shot(page, f"session-panel-{width}")
    assert serious_violations(page) == []


def test_the_chair_chooses_the_instrument_and_confirms_a_loss(demo, login, live_server, page):
    page.set_viewport_size({"width": 1366, "height": 768})
    evaluation = Evaluation.objects.get()
    login("effectencalculateur")
    page.goto(f"{live_server.url}/evaluaties/{evaluation.slug}/")
    page.get_by_role("link", name="Uitkomsten: instrument en domeinen").click()
    page.get_by_label("Eigen domeinen en schaal").check()
    page.get_by_label("Eigen domeinen", exact=True).fill("Wonen\nWerk\nGezondheid")
    page.get_by_label("Laagste score").fill("0")
    page.get_by_label("Hoogste score").fill("4")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("Uitkomsten: Eigen domeinen en schaal.")).to_be_visible()
    measure = outcomes.measure_of(Evaluation.objects.get())
    assert list(measure.domains.values_list("name", flat=True)) == ["Wonen", "Werk", "Gezondheid"]
    OutcomeScore.objects.create(
        case=evaluation.cases.get(code="1"),
        scenario=evaluation.scenarios.get(code="met"),
        domain=measure.domains.get(name="Werk"),
        start=1,
        end=3,
    )

    page.get_by_role("link", name="Uitkomsten: instrument en domeinen").click()
    page.get_by_label("Zelfredzaamheid-Matrix (ZRM)").check()
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("Deze wijziging verwijdert 1 ingevulde score")).to_be_visible()
    assert OutcomeScore.objects.count() == 1
    _shot(page, "instrument-confirm", whole=True)
    assert serious_violations(page) == []
    page.get_by_label("Ja, verwijder die scores").check()
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("Uitkomsten: Zelfredzaamheid-Matrix (ZRM).")).to_be_visible()
    assert not OutcomeScore.objects.exists()
