"""One item as a row of the entry list: what "Annuleren" of an inline edit brings back."""

from cases.models import TimelineItem
from tests.conftest import CASE_URL
from tests.views.helpers import assert_login_required

HTMX = {"HTTP_HX_REQUEST": "true"}


def _url(evaluation):
    item = TimelineItem.objects.get(description="Melding bij de gemeente")
    return f"{CASE_URL}items/{item.pk}/", item


def test_it_requires_login(client, evaluation):
    assert_login_required(client, _url(evaluation)[0])


def test_it_is_not_found_for_an_outsider(client, outsider, evaluation):
    client.force_login(outsider)
    assert client.get(_url(evaluation)[0], **HTMX).status_code == 404


def test_it_refuses_a_beleidsmedewerker(client, beleidsmedewerker, evaluation):
    client.force_login(beleidsmedewerker)
    assert client.get(_url(evaluation)[0], **HTMX).status_code == 403


def test_it_answers_htmx_with_the_row(client, notulist, evaluation):
    url, item = _url(evaluation)
    client.force_login(notulist)
    html = client.get(url, **HTMX).content.decode()
    assert html.strip().startswith(f'<li id="item-{item.pk}"')
    assert "Melding bij de gemeente" in html


def test_it_sends_a_plain_request_to_the_item_in_the_list(client, notulist, evaluation):
    url, item = _url(evaluation)
    client.force_login(notulist)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"{CASE_URL}invoer/#item-{item.pk}"
