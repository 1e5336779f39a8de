"""The chair's session screen and its cheap live refresh."""

from datetime import date, timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cases.models import Case, TimelineItem
from cases.timeline import delete_item
from tests.conftest import CASE_URL, add_item
from tests.views.helpers import table_rows

URL = CASE_URL + "sessie/"
HTMX = {"HTTP_HX_REQUEST": "true"}


def _revision():
    return Case.objects.get(code="1").revision


def test_it_is_not_found_for_an_outsider(client, outsider, evaluation):
    client.force_login(outsider)
    assert client.get(URL).status_code == 404
    assert client.get(URL, {"revision": _revision()}, **HTMX).status_code == 404


def test_it_shows_the_werkwijzen_side_by_side_with_their_figures(
    client, beleidsmedewerker, evaluation
):
    client.force_login(beleidsmedewerker)
    response = client.get(URL, {"weergave": "lijst"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="board__columns board__columns--2"' in html
    met, zonder = html.index('id="totalen-met"'), html.index('id="totalen-zonder"')
    assert met < html.index("€ 2.037") < zonder  # the total of met, in its block
    assert "€ 437" in html  # its intervention subtotal
    assert "€ -537" in html  # its verschil
    assert html.index("Melding bij de gemeente") < html.index("Gesprekken met de klantmanager")
    assert "board-item--gebeurtenis" in html
    assert "board-item--ondersteuning" in html
    # Only a reader: no link to the entry screen.
    assert "/invoer/" not in html
    # The hours and the financiers are the panel the chair switches to.
    html = client.get(URL, {"paneel": "uren"}).content.decode()
    assert table_rows(html, "Uren per discipline")[1:] == [["Klantmanager", "20", "–"]]
    assert table_rows(html, "Kosten per financier")[1] == ["Gemeente – overig", "€ 437", "–"]


def test_it_polls_with_its_revision(client, notulist, evaluation):
    client.force_login(notulist)
    html = client.get(URL).content.decode()
    assert f'hx-get="{URL}?revision={_revision()}&amp;since=' in html
    assert 'hx-trigger="board-changed from:body"' in html  # told by its stream (live.js)
    assert f'href="{CASE_URL}invoer/"' in html


def test_it_answers_no_content_when_nothing_changed(client, member, evaluation):
    client.force_login(member)
    response = client.get(URL, {"revision": _revision()}, **HTMX)
    assert response.status_code == 204
    assert response.content == b""


def test_it_answers_the_board_when_something_changed(client, notulist, member, evaluation):
    revision = _revision()
    since = timezone.now().isoformat()
    client.force_login(notulist)
    client.post(
        CASE_URL + "invoer/",
        {
            "kind": "gebeurtenis",
            "scenario": "zonder",
            "start": "1 jan 2017",
            "description": "Nieuw in de sessie",
            "regels": "1",
        },
        HTTP_HX_REQUEST="true",
    )
    client.force_login(member)
    response = client.get(URL, {"revision": revision, "since": since}, **HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.strip().startswith('<div id="board"')
    assert f"revision={revision + 1}" in html
    # The new event's marker in the time axis and its change in the strip light up.
    pk = TimelineItem.objects.get(description="Nieuw in de sessie").pk
    assert f'data-item="{pk}" class="is-new"' in html
    strip = html[html.index('class="board-changes"') :]
    assert strip.index('class="change is-new"') < strip.index("Nieuw in de sessie")
    assert html.count("is-new") == 2


def test_it_notices_a_deletion(client, notulist, member, evaluation):
    revision = _revision()
    delete_item(notulist, TimelineItem.objects.get(description="Melding bij de gemeente"))
    client.force_login(member)
    response = client.get(URL, {"revision": revision}, **HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    stage, strip = html.split('class="board-changes"')
    assert "Melding bij de gemeente" not in stage
    # The strip of changes tells of it, without an amount.
    assert "Melding bij de gemeente</p>" in strip
    assert '<p class="change__meta">verwijderd · notulist · <time' in strip


def _queries(client, **params):
    with CaptureQueriesContext(connection) as context:
        response = client.get(URL, params, **HTMX)
    return response.status_code, len(context.captured_queries)


def test_it_rechecks_an_unchanged_case_in_a_few_queries_whatever_its_size(
    client, member, evaluation
):
    client.force_login(member)
    status, few = _queries(client, revision=_revision())
    case = Case.objects.get(code="1")
    met = evaluation.scenarios.get(code="met")
    km = evaluation.price_list.items.get(code="KM")
    for n in range(40):
        day = date(2017, 1, 1) + timedelta(days=n)
        add_item(case, met, "ondersteuning", day, day, f"Extra {n}", [{"price_item": km}])
    case.bump_revision()
    assert (status, few) == (204, 3)  # session, user, and the case with its revision
    assert _queries(client, revision=_revision()) == (204, 3)


def test_it_redraws_in_as_many_queries_whatever_the_size(client, member, evaluation):
    client.force_login(member)
    status, few = _queries(client, revision="old")
    case = Case.objects.get(code="1")
    met = evaluation.scenarios.get(code="met")
    km = evaluation.price_list.items.get(code="KM")
    for n in range(40):
        day = date(2017, 1, 1) + timedelta(days=n)
        add_item(case, met, "ondersteuning", day, day, f"Extra {n}", [{"price_item": km}])
    assert status == 200
    assert _queries(client, revision="old") == (200, few)


def test_it_says_in_which_month_a_werkwijze_breaks_even(client, member, evaluation):
    client.force_login(member)
    html = client.get(URL).content.decode()
    # Case 1's Met spends more than the reference ever catches up with; the reference itself
    # has no break-even of its own.
    assert html.count("<dt>Terugverdiend</dt>") == 1
    assert '<dd class="board-totals__when">niet binnen de periode</dd>' in html
