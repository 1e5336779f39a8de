"""A frequency on an item of one day (start = end) counts that one day only: usually a
forgotten end date. The notulist is warned where they look — under the line's cost while
typing, and in the notice after saving — and the item is saved all the same."""

from cases.models import TimelineItem
from tests.conftest import CASE_URL, entry_data

URL = CASE_URL + "invoer/"
PREVIEW = URL + "voorbeeld/"
HTMX = {"HTTP_HX_REQUEST": "true"}
WARNING = "Let op: ‘per week’ op een item van één dag telt alleen die ene dag mee"


def _weekly(**fields):
    return entry_data(**{"regel0-frequency": "week", **fields})


def test_the_preview_warns_under_the_line_of_a_one_day_item(client, notulist, evaluation):
    client.force_login(notulist)
    html = client.post(PREVIEW, _weekly(start="1 sep 2016", end=""), **HTMX).content.decode()
    assert WARNING in html
    # The figure stays the engine's: 2 uur × 1/7 week × € 80.
    assert "2 uur × 1 persoon × 0,14 weken × € 80,00 = € 22,86" in html


def test_the_preview_does_not_warn_over_more_days_or_without_frequency(
    client, notulist, evaluation
):
    client.force_login(notulist)
    longer = client.post(PREVIEW, _weekly(end="30 sep 2016"), **HTMX).content.decode()
    assert "Let op" not in longer
    once = client.post(PREVIEW, entry_data(), **HTMX).content.decode()
    assert "Let op" not in once


def test_a_fixed_amount_is_not_warned_about(client, notulist, evaluation):
    """A fixed amount is what was paid; its frequency changes nothing."""
    client.force_login(notulist)
    data = _weekly(**{"regel0-price_item": "", "regel0-fixed_amount": "50"})
    assert "Let op" not in client.post(PREVIEW, data, **HTMX).content.decode()
    assert "let op" not in client.post(URL, data, **HTMX).content.decode()


def test_a_month_as_start_is_no_one_day_item(client, notulist, evaluation):
    client.force_login(notulist)
    html = client.post(PREVIEW, _weekly(start="sep 2016"), **HTMX).content.decode()
    assert "Let op" not in html


def test_the_edit_form_preview_warns_too(client, notulist, evaluation):
    client.force_login(notulist)
    data = entry_data("item7-", **{"regel0-frequency": "maand"})
    html = client.post(PREVIEW, data, **HTMX).content.decode()
    assert "Let op: ‘per maand’ op een item van één dag" in html


def test_it_saves_the_item_and_warns_in_the_notice(client, notulist, evaluation):
    client.force_login(notulist)
    html = client.post(URL, _weekly(), **HTMX).content.decode()
    assert "Opgeslagen: Huisbezoek wijkteam" in html
    assert "let op: ‘per week’ op een item van één dag telt alleen die ene dag mee" in html
    assert TimelineItem.objects.get(description="Huisbezoek wijkteam").lines.get().frequency == (
        "week"
    )


def test_a_save_without_the_problem_has_no_warning(client, notulist, evaluation):
    client.force_login(notulist)
    html = client.post(URL, _weekly(end="30 sep 2016"), **HTMX).content.decode()
    assert "Opgeslagen: Huisbezoek wijkteam" in html
    assert "let op" not in html


def test_it_warns_after_a_save_without_htmx(client, notulist, evaluation):
    client.force_login(notulist)
    html = client.post(URL, _weekly(), follow=True).content.decode()
    assert "Let op: ‘per week’ op een item van één dag" in html
