"""The Leeuwarden screen in a real browser, by keyboard alone: a new household's prognose,
price items chosen in the combobox, the figures following the typing, a refusal at its field
with nothing typed lost, and Enter saving it all. axe-core on the filled screen; screenshots
at 1366×768 where E2E_SCREENSHOTS names a folder."""

import pytest
from playwright.sync_api import expect

from cases.models import Case, CaseStage, Evaluation
from pricelist.models import PriceList
from tests.e2e.axe import serious_violations
from tests.e2e.conftest import keep_screenshot


@pytest.fixture
def slug(demo):
    """Stein, priced with the example price list (it has the huisarts and the psycholoog)."""
    evaluation = Evaluation.objects.get()
    evaluation.price_list = PriceList.objects.get(name__startswith="Voorbeeldprijslijst")
    evaluation.save()
    return evaluation.slug


def shot(page, name):
    keep_screenshot(page, f"prognose-{name}", full_page=True)


def tab(page, times=1):
    for _ in range(times):
        page.keyboard.press("Tab")


def test_a_wijkteam_worker_fills_the_three_questions_by_keyboard(page, login, live_server, slug):
    page.set_viewport_size({"width": 1366, "height": 768})
    login("effectencalculateur")
    page.goto(f"{live_server.url}/evaluaties/{slug}/prognose/")
    sections = page.locator("fieldset.prognosis-section")
    expect(sections.first.locator("legend")).to_contain_text("niets doen")

    page.get_by_label("Code").focus()
    page.keyboard.type("P1")
    tab(page)
    page.keyboard.type("Huishouden met schulden")
    tab(page)
    # The browser's own date fields take their digits segment by segment, in its locale's
    # order; that is the browser's business, not this screen's.
    page.locator("#id_start_date").fill("2025-01-01")
    page.locator("#id_end_date").fill("2025-12-31")
    page.locator("#id_not_personal").focus()
    tab(page)
    # The first row of "niets doen": a psycholoog, chosen as the only match on Tab.
    price = sections.first.locator("input[data-combobox]").first
    expect(price).to_be_focused()
    page.keyboard.type("psycholoog")
    expect(sections.first.locator(".combobox__list [role=option]")).to_have_count(1)
    tab(page)
    expect(price).to_have_value("PSYCHOLOOG – Psycholoog behandeling")
    page.keyboard.type("10")  # Aantal
    tab(page)
    # The figures follow: the reference now costs something.
    reference_total = page.locator("#prognose-cijfers td[data-total]").first
    expect(reference_total).not_to_have_text("€ 0")

    # The second werkwijze: a huisarts consult by arrow keys, four times a year, and a row
    # with a date the calendar does not have.
    second = sections.nth(1).locator("input[data-combobox]")
    second.first.focus()
    page.keyboard.type("huisarts")
    expect(sections.nth(1).locator(".combobox__list [role=option]").first).to_be_visible()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    expect(second.first).to_have_value("HA-CONSULT – Huisartsconsult (gemiddeld)")
    tab(page)
    page.keyboard.type("4")
    tab(page)
    page.keyboard.type("j")  # Per: jaar
    second.nth(1).focus()
    page.keyboard.type("psycholoog")
    tab(page)
    tab(page, 2)
    page.keyboard.type("31 feb 2025")
    tab(page)
    # Two rows costed; the one with the impossible date waits for its correction.
    expect(page.locator("#prognose-cijfers")).to_contain_text("2 getypte regels meegerekend")
    expect(page.locator("#prognose-cijfers td[data-total]").nth(1)).not_to_have_text("€ 0")
    shot(page, "leeuwarden-typed")

    # Enter saves; the impossible date is refused at its field and everything stays.
    page.keyboard.press("Enter")
    error = page.locator(f"#id_{_code(sections.nth(1))}-regel1-start_error")
    expect(error).to_contain_text("feb")
    expect(second.first).to_have_value("HA-CONSULT – Huisartsconsult (gemiddeld)")
    expect(page.get_by_label("Code")).to_have_value("P1")
    assert not Case.objects.filter(code="P1").exists()
    shot(page, "leeuwarden-refused")
    assert serious_violations(page) == []

    # Corrected by keyboard, then saved with Enter.
    start = page.locator(f"#id_{_code(sections.nth(1))}-regel1-start")
    start.focus()
    start.press("Control+a")
    page.keyboard.type("1 mrt 2025")
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_contain_text("Prognose casus P1")
    case = Case.objects.get(code="P1")
    assert case.stage == CaseStage.FORECAST
    assert case.items.count() == 3
    shot(page, "leeuwarden-saved")
    assert serious_violations(page) == []


def _code(section) -> str:
    return section.get_attribute("id").removeprefix("werkwijze-")
