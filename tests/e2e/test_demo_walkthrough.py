"""A beleidsmedewerker walks through the Stein demo in a real browser."""

import re

from playwright.sync_api import expect


def test_it_shows_the_stein_figures_from_login_to_a_case(demo, login, live_server):
    page = login("beleidsmedewerker")

    expect(page.get_by_role("heading", level=1)).to_contain_text("Evaluaties")
    page.get_by_role("link", name=re.compile("Village Deal")).first.click()

    table = page.get_by_role("table").first
    for figure in ("€ 16.329", "€ 39.441", "€ 264.940", "€ 353.500", "€ 442.325", "€ 88.825"):
        expect(table).to_contain_text(figure)

    page.get_by_role("link", name=re.compile("Gebitsproblemen")).first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Gebitsproblemen")
    expect(page.locator("body")).to_contain_text("Gebeurtenis")
    expect(page.locator("body")).to_contain_text("€ 877")


def test_it_sends_a_visitor_who_is_not_logged_in_to_the_login_page(demo, page, live_server):
    page.goto(f"{live_server.url}/")
    expect(page).to_have_url(re.compile(r"/inloggen/\?next=/"))
