"""The HTML report on a 390 px phone: the page never gets wider than the window (a table that
needs more room scrolls inside its own box), and axe finds nothing serious."""

import pytest
from django.urls import reverse

from cases.models import Evaluation
from tests.e2e.axe import serious_violations
from tests.e2e.conftest import keep_screenshot


@pytest.fixture
def report_url(demo, live_server):
    slug = Evaluation.objects.get().slug
    return live_server.url + reverse("reports:evaluation_report", args=[slug])


def test_the_report_fits_a_390_px_phone(report_url, login, page):
    page.set_viewport_size({"width": 390, "height": 844})
    login("beleidsmedewerker")
    page.goto(report_url)
    assert page.locator("svg[aria-roledescription='tijdas']").count() == 5
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
    # The tables that need more room scroll inside their own box; nothing runs off.
    wide = page.evaluate(
        """[...document.querySelectorAll('table')]
             .filter(t => t.getBoundingClientRect().right > 390).length"""
    )
    assert wide == 0
    keep_screenshot(page, "report-phone-top")
    page.locator("table.timeline").first.scroll_into_view_if_needed()
    keep_screenshot(page, "report-phone-timeline")
    assert serious_violations(page) == []
