"""One item as a row of the entry list: what "Annuleren" of an inline edit brings back."""

from cases.models import TimelineItem
from tests.conftest import CASE_URL

HTMX = {"HTTP_HX_REQUEST": "true"}


def _url(evaluation):
    item = TimelineItem.objects.get(description="Melding bij de gemeente")
    return f"{CASE_URL}items/{item.pk}/", item


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
