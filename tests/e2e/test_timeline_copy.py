"""A notulist copies a timeline in a real browser: the preview (nothing written yet), the
copy, and its undo, on the Stein demo."""

import os
import re
from datetime import date
from pathlib import Path

from playwright.sync_api import expect

from cases.models import Evaluation, TimelineCopy, TimelineItem
from cases.timeline import copy_timeline, plan_copy
from tests.e2e.axe import serious_violations

# Where a developer keeps the screenshots to look at; unset, none are written.
SHOTS = os.environ.get("SCREENSHOTS")


def _shot(page, name):
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{SHOTS}/{name}.png")
        page.screenshot(path=f"{SHOTS}/{name}-whole.png", full_page=True)


def test_preview_copy_and_undo(demo, login, live_server, page):
    page.set_viewport_size({"width": 1366, "height": 768})
    evaluation = Evaluation.objects.get()
    case = evaluation.cases.get(code="1")
    scenarios = {s.code: s for s in evaluation.scenarios.all()}
    # What the target already has: the start of the course, copied earlier.
    copy_timeline(None, case, scenarios["met"], scenarios["zonder"], date(2016, 9, 15))
    zonder = TimelineItem.objects.filter(case__code="1", scenario__code="zonder")
    before = sorted(zonder.values_list("pk", flat=True))
    overlapping = sum(
        1 for p in plan_copy(case, scenarios["met"], scenarios["zonder"]) if p.overlaps
    )
    assert overlapping >= 4  # at least the four copied earlier
    login("notulist")
    page.goto(f"{live_server.url}/evaluaties/{evaluation.slug}/casussen/1/invoer/")
    page.get_by_text("Tijdlijn kopiëren naar een andere werkwijze").click()
    page.get_by_label("Van werkwijze").select_option("met")
    page.get_by_label("Naar werkwijze").select_option("zonder")
    page.get_by_role("button", name="Voorbeeld bekijken").click()

    expect(page.get_by_role("heading", level=2).first).to_contain_text("Voorbeeld:")
    expect(page.get_by_role("status").first).to_contain_text("Er is nog niets gekopieerd.")
    expect(page.locator(".message--warning")).to_contain_text(
        f"{overlapping} van deze items overlappen"
    )
    expect(page.get_by_label(f"De {overlapping} overlappende items overslaan")).to_be_checked()
    assert sorted(zonder.values_list("pk", flat=True)) == before
    _shot(page, "copy-preview")
    assert serious_violations(page) == []

    page.get_by_role("button", name="Kopiëren", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tijdlijn gekopieerd")
    made = TimelineCopy.objects.latest("pk")
    assert made.skipped == overlapping
    assert len(before) + len(made.item_ids) == zonder.count()
    _shot(page, "copy-made")

    page.get_by_role("button", name="Kopie ongedaan maken").click()
    expect(page).to_have_url(re.compile(r"/invoer/$"))
    expect(page.locator(".messages")).to_contain_text("Kopie ongedaan gemaakt")
    assert sorted(zonder.values_list("pk", flat=True)) == before
    _shot(page, "copy-undone")
