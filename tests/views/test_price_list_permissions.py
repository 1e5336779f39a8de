"""The price list screens asked with POST as well as GET (test_access_matrix.py asks the GET
and POST ones with GET only), and that a refused change leaves the price list as it was."""

import pytest
from django.urls import reverse

from tests.views.helpers import assert_login_required

READ = [
    ("pricelist:detail", "GET"),
    ("pricelist:export", "GET"),
    ("pricelist:export_csv", "GET"),
]
WRITE = [
    ("pricelist:derive", "GET"),
    ("pricelist:derive", "POST"),
    ("pricelist:delete", "GET"),
    ("pricelist:delete", "POST"),
    ("pricelist:item_create", "GET"),
    ("pricelist:item_create", "POST"),
]
ITEM_WRITE = [
    ("pricelist:item_edit", "GET"),
    ("pricelist:item_edit", "POST"),
    ("pricelist:item_delete", "POST"),
]


def _url(name, price_list):
    if name.startswith("pricelist:item_") and name != "pricelist:item_create":
        return reverse(name, args=[price_list.pk, price_list.items.get(code="KM").pk])
    return reverse(name, args=[price_list.pk])


def _request(client, method, url):
    return client.post(url, {}) if method == "POST" else client.get(url)


@pytest.mark.parametrize(("name", "method"), READ + WRITE + ITEM_WRITE)
def test_it_sends_anonymous_users_to_the_login(client, price_list, name, method):
    url = _url(name, price_list)
    if method == "GET":
        assert_login_required(client, url)
    else:
        assert client.post(url).status_code == 302


@pytest.mark.parametrize(("name", "method"), READ + WRITE + ITEM_WRITE)
def test_it_hides_the_price_list_from_outsiders(client, outsider, price_list, name, method):
    client.force_login(outsider)  # an effectencalculateur, but elsewhere
    assert _request(client, method, _url(name, price_list)).status_code == 404


@pytest.mark.parametrize("role", ["notulist", "beleidsmedewerker"])
@pytest.mark.parametrize(("name", "method"), WRITE + ITEM_WRITE)
def test_it_forbids_changes_to_other_members(request, client, price_list, role, name, method):
    client.force_login(request.getfixturevalue(role))
    assert _request(client, method, _url(name, price_list)).status_code == 403
    assert price_list.items.count() == 2
