"""The firmness of figures on the evaluation and case screens (the included partials of
templates/pricelist/): ranges, aanname share, switching value, constant queries."""

from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.conftest import add_item
from tests.views.helpers import table_rows


def test_it_shows_ranges_per_case_on_the_evaluation(client, member, evaluation):
    client.force_login(member)
    html = client.get(evaluation.get_absolute_url()).content.decode()
    rows = table_rows(html, "Bandbreedte per casus en werkwijze")
    assert rows[0] == ["Casus", "Met interventie", "Zonder interventie"]
    # Case 1 met: 1.600 KM (aanname, ± 640) + 436,70 fixed (hard); zonder: GGZ, hard.
    assert rows[1] == [
        "1 Gebitsproblemen",
        "€ 1.397 – € 2.677 79 % aanname",
        "€ 1.500 (vast)",
    ]
    assert rows[3][0] == "Totaal"
    assert "aanname ± 40 %" in html
    assert "Andere prijslijstversie kiezen" not in html  # not for a beleidsmedewerker


def test_it_links_the_chair_to_repricing_and_margins(client, owner, evaluation):
    client.force_login(owner)
    html = client.get(evaluation.get_absolute_url()).content.decode()
    assert 'href="/evaluaties/village-deal-test/herprijzen/"' in html
    assert 'href="/evaluaties/village-deal-test/marges/"' in html


def test_it_shows_ranges_and_the_switching_value_on_the_case(client, member, evaluation):
    client.force_login(member)
    case = evaluation.cases.get(code="2")
    html = client.get(case.get_absolute_url()).content.decode()
    rows = table_rows(html, "Bandbreedte per werkwijze")
    # met: 640 KM (aanname ± 256) + 1.060 fixed; zonder: 81.919 fixed, hard.
    assert rows[1] == [
        "Met interventie",
        "€ 1.444",
        "€ 1.700",
        "€ 1.956",
        "38 %",
        "€ 79.963 – € 80.475",
    ]
    assert rows[2][:5] == [
        "Zonder interventie referentie",
        "€ 81.919",
        "€ 81.919",
        "€ 81.919",
        "0 %",
    ]
    assert (
        "De interventie verdient zich terug als zij ten minste € 1.700 van de € 81.919 aan "
        "‘Verloop zonder interventie’ voorkomt."
    ) in html


def test_it_follows_the_evaluations_margins(client, member, evaluation):
    evaluation.margin_aanname = Decimal("10")
    evaluation.save()
    client.force_login(member)
    html = client.get(evaluation.cases.get(code="2").get_absolute_url()).content.decode()
    assert table_rows(html, "Bandbreedte per werkwijze")[1][1] == "€ 1.636"


def _queries(client, url):
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


def test_it_needs_no_more_queries_for_more_items(client, member, evaluation):
    client.force_login(member)
    case = evaluation.cases.get(code="2")
    urls = [evaluation.get_absolute_url(), case.get_absolute_url()]
    few = [_queries(client, url) for url in urls]
    scenario = evaluation.scenarios.get(code="met")
    price_item = evaluation.price_list.items.get(code="GGZ")
    for n in range(12):
        add_item(
            case,
            scenario,
            "ondersteuning",
            case.start_date,
            case.start_date,
            f"Extra {n}",
            [{"price_item": price_item}],
        )
    assert [_queries(client, url) for url in urls] == few
