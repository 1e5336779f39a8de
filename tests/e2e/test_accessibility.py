"""axe-core finds no serious or critical WCAG 2.1 AA violation on the product's other pages
(the entry and session screens are checked with the live session)."""

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from cases.management.commands.load_demo import EXAMPLE_PRICE_LIST_NAME
from cases.models import Evaluation
from pricelist.models import PriceList
from tests.e2e.axe import serious_violations


@pytest.fixture
def urls(demo):
    evaluation = Evaluation.objects.get()
    slug, code = evaluation.slug, evaluation.cases.first().code
    # Something in both tables of the price lists' bin.
    example = PriceList.objects.get(name=EXAMPLE_PRICE_LIST_NAME)
    chair = User.objects.get(username="effectencalculateur")
    example.items.first().delete_by(chair)
    example.derive(chair, "Kopie om te verwijderen").delete_by(chair)
    return [
        reverse("cases:evaluation_list"),
        reverse("cases:evaluation_start"),
        reverse("cases:evaluation_detail", args=[slug]),
        reverse("cases:case_detail", args=[slug, code]),
        reverse("cases:case_start", args=[slug]),
        reverse("cases:case_edit", args=[slug, code]),
        reverse("cases:case_history", args=[slug, code]),
        reverse("cases:bin", args=[slug]),
        reverse("cases:members", args=[slug]),
        reverse("cases:access_log"),
        reverse("pricelist:list"),
        reverse("pricelist:detail", args=[evaluation.price_list_id]),
        reverse("pricelist:detail", args=[PriceList.objects.get(name=EXAMPLE_PRICE_LIST_NAME).pk]),
        reverse("pricelist:bin"),
        reverse("pricelist:edit", args=[example.pk]),
        reverse("cases:repricing", args=[slug]),
        reverse("reports:evaluation_report", args=[slug]),
        reverse("reports:declare_final", args=[slug]),
    ]


def test_it_finds_no_serious_violation_on_any_page(urls, login, live_server):
    page = login("effectencalculateur")
    found = {}
    for url in urls:
        page.goto(live_server.url + url)
        violations = serious_violations(page)
        if violations:
            found[url] = violations
    assert found == {}
