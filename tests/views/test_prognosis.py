"""The prognose's screens: the Leeuwarden screen, its figures while typing, the decision,
realising, the frozen forecast on the entry screen, and forecast against realisation on the
case page and in the report. Who may reach them: tests/views/test_access_matrix.py."""

import re
from datetime import date
from decimal import Decimal

import pytest

from cases import prognosis
from cases.models import Case, CaseStage, ItemKind
from tests.conftest import add_item
from tests.views.helpers import table_rows

pytestmark = pytest.mark.django_db

START = "/evaluaties/village-deal-test/prognose/"


def _case_url(code="P", tail=""):
    return f"/evaluaties/village-deal-test/casussen/{code}/{tail}"


def quick_data(**rows):
    """A new prognose case's form: the household, and rows as {"met-regel0-price_item": …}."""
    data = {
        "code": "P",
        "title": "Huishouden",
        "start_date": "2025-01-01",
        "end_date": "2025-12-31",
        "zonder-regels": "4",
        "met-regels": "4",
    }
    data.update(rows)
    return data


@pytest.fixture
def forecast_case(evaluation, owner):
    case = evaluation.add_case(
        owner,
        code="P",
        title="Huishouden",
        start_date=date(2025, 1, 1),
        end_date=date(2025, 12, 31),
        stage=CaseStage.FORECAST,
    )
    add_item(
        case,
        evaluation.scenarios.get(code="met"),
        ItemKind.SUPPORT,
        date(2025, 1, 1),
        date(2025, 12, 31),
        "Klantmanager",
        [{"price_item": evaluation.price_list.items.get(code="KM"), "times": Decimal(12)}],
    )  # 80 × 12 = 960
    return case


def test_it_asks_the_three_questions_beside_the_werkwijzen(client, owner, evaluation):
    client.force_login(owner)
    html = client.get(START).content.decode()
    # The reference is "niets doen" and comes first.
    assert html.index("Wat gebeurt er als we niets doen") < html.index(
        "Werkwijze: Zonder interventie"
    )
    # With one werkwijze beside the reference, that one is what the budget would do.
    assert html.index("Werkwijze: Zonder interventie") < html.index(
        "Wat gebeurt er met het budget?"
    )
    assert "huidige mogelijkheden" not in html
    assert 'data-combobox="/evaluaties/village-deal-test/prognose/prijsitems/"' in html


def test_it_makes_a_prognose_case_with_its_rows(client, owner, evaluation):
    client.force_login(owner)
    data = quick_data(
        **{
            "zonder-regel0-price_item": "GGZ – GGZ-behandeling",
            "met-regel0-price_item": "klantmanager",  # a name, resolved as on the entry screen
            "met-regel0-quantity": "2",
            "met-regel0-frequency": "week",
            "met-regel0-start": "jan 2025",
            "met-regel0-end": "mrt 2025",
            "met-regel1-fixed_amount": "250",
            "met-regel1-description": "Budget voor de schulden",
            "met-regel1-is_intervention": "on",
        }
    )
    response = client.post(START, data)
    assert response.status_code == 302 and response.url == _case_url(tail="prognose/")
    case = Case.objects.get(evaluation=evaluation, code="P")
    assert case.stage == CaseStage.FORECAST
    items = {i.description: i for i in case.items.all()}
    assert set(items) == {"GGZ-behandeling", "Klantmanager", "Budget voor de schulden"}
    assert (items["GGZ-behandeling"].start, items["GGZ-behandeling"].end) == (
        date(2025, 1, 1),
        date(2025, 12, 31),
    )  # an empty period is the case's
    assert (items["Klantmanager"].start, items["Klantmanager"].end) == (
        date(2025, 1, 1),
        date(2025, 3, 31),
    )
    assert items["Budget voor de schulden"].is_intervention
    line = items["Klantmanager"].lines.get()
    assert (line.quantity, line.frequency) == (Decimal(2), "week")


def test_it_refuses_in_dutch_at_the_field_and_keeps_what_was_typed(client, owner, evaluation):
    client.force_login(owner)
    data = quick_data(
        **{
            "met-regel0-price_item": "bestaat niet",
            "met-regel0-quantity": "3",
            "met-regel1-price_item": "KM",
            "met-regel1-start": "31 feb 2025",
            "zonder-regel0-quantity": "2",  # neither a price item nor an amount
        }
    )
    response = client.post(START, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert not Case.objects.filter(evaluation=evaluation, code="P").exists()
    assert 'value="bestaat niet"' in html and 'value="31 feb 2025"' in html
    assert 'id="id_met-regel0-price_item_error"' in html
    assert 'id="id_met-regel1-start_error"' in html
    assert "Kies een prijsitem of vul een vast bedrag in." in html


def test_it_adds_a_row_without_saving(client, owner, evaluation):
    client.force_login(owner)
    data = quick_data(**{"met-regel0-price_item": "KM", "meer": "met"})
    html = client.post(START, data).content.decode()
    assert not Case.objects.filter(evaluation=evaluation, code="P").exists()
    assert 'name="met-regels" value="5"' in html
    assert 'name="met-regel4-price_item"' in html
    assert 'value="KM"' in html


def test_it_computes_the_figures_while_typing(client, owner, evaluation):
    client.force_login(owner)
    data = quick_data(
        **{
            "zonder-regel0-price_item": "GGZ",
            "met-regel0-price_item": "KM",
            "met-regel0-quantity": "2",
            "met-regel0-start": "1 jan 2025",
            "met-regel1-price_item": "onleesbaar",
        }
    )
    response = client.post(START + "cijfers/", data, HTTP_HX_REQUEST="true")
    rows = table_rows(response.content.decode(), "Totaal per vraag")
    assert rows[1:] == [
        ["Zonder interventie", "€ 1.500", "—"],
        ["Met interventie", "€ 160", "€ 1.340"],
    ]
    assert not Case.objects.filter(code="P").exists()


def test_it_adds_the_typed_rows_to_a_saved_prognose(client, notulist, forecast_case):
    client.force_login(notulist)
    url = _case_url(tail="prognose/")
    data = {"met-regels": "4", "zonder-regels": "4", "zonder-regel0-price_item": "GGZ"}
    figures = client.post(url + "cijfers/", data).content.decode()
    assert table_rows(figures, "Totaal per vraag")[1:] == [
        ["Zonder interventie", "€ 1.500", "—"],
        ["Met interventie", "€ 960", "€ 540"],
    ]
    response = client.post(url, data)
    assert response.status_code == 302
    assert forecast_case.items.count() == 2
    html = client.get(url).content.decode()
    assert "Al opgeslagen" in html and "GGZ-behandeling" in html


def test_it_sends_a_realised_case_away_from_the_leeuwarden_screen(client, owner, evaluation):
    client.force_login(owner)
    response = client.post(_case_url("1", "prognose/"), {"met-regel0-price_item": "KM"})
    assert response.status_code == 302 and response.url == _case_url("1")
    assert evaluation.cases.get(code="1").items.count() == 4


def test_it_records_the_decision_by_role_never_by_name(client, owner, forecast_case):
    client.force_login(owner)
    url = _case_url(tail="besluit/")
    response = client.post(
        url,
        {
            "decision": "Budget voor een jaar",
            "decided_by": "Wijkteam; contact 06-12345678",
            "decided_on": "2025-01-15",
            "decided_amount": "1.200,50",
        },
    )
    assert response.status_code == 200
    assert 'id="id_decided_by_error"' in response.content.decode()
    forecast_case.refresh_from_db()
    assert forecast_case.decision == ""
    client.post(
        url,
        {
            "decision": "Budget voor een jaar",
            "decided_by": "Wijkteam",
            "decided_on": "2025-01-15",
            "decided_amount": "1.200,50",
        },
    )
    forecast_case.refresh_from_db()
    assert (forecast_case.decided_by, forecast_case.decided_amount) == (
        "Wijkteam",
        Decimal("1200.50"),
    )
    assert forecast_case.decided_on == date(2025, 1, 15)
    html = client.get(_case_url()).content.decode()
    assert "Budget voor een jaar" in html and "€ 1.201" in html


def test_it_realises_only_after_confirmation(client, owner, forecast_case):
    client.force_login(owner)
    url = _case_url(tail="realiseren/")
    assert "Dit kan niet ongedaan worden gemaakt" in client.get(url).content.decode()
    client.post(url, {})
    forecast_case.refresh_from_db()
    assert forecast_case.stage == CaseStage.FORECAST
    response = client.post(url, {"bevestigd": "ja"})
    assert response.status_code == 302 and response.url == _case_url(tail="invoer/")
    forecast_case.refresh_from_db()
    assert forecast_case.stage == CaseStage.REALISED
    assert forecast_case.items.get().is_forecast


def test_it_refuses_to_change_or_delete_the_kept_forecast(client, notulist, owner, forecast_case):
    prognosis.realise(owner, forecast_case)
    item = forecast_case.items.get()
    client.force_login(notulist)
    edit = client.post(
        _case_url(tail=f"items/{item.pk}/wijzigen/"),
        {f"item{item.pk}-description": "Anders"},
        HTTP_HX_REQUEST="true",
    )
    assert "niet meer worden gewijzigd of verwijderd" in edit.content.decode()
    delete = client.post(_case_url(tail=f"items/{item.pk}/verwijderen/"))
    assert delete.status_code == 302
    item.refresh_from_db()
    assert item.description == "Klantmanager"
    # The entry list holds the realisation only.
    entry = client.get(_case_url(tail="invoer/")).content.decode()
    assert f'id="item-{item.pk}"' not in entry


def test_it_shows_forecast_against_realisation_on_the_case_page_and_in_the_report(
    client, owner, evaluation, forecast_case
):
    prognosis.realise(owner, forecast_case)
    add_item(
        forecast_case,
        evaluation.scenarios.get(code="met"),
        ItemKind.SUPPORT,
        date(2025, 1, 1),
        date(2025, 6, 30),
        "Klantmanager, werkelijk",
        [{"price_item": evaluation.price_list.items.get(code="KM"), "times": Decimal(6)}],
    )  # 480
    client.force_login(owner)
    for url in (_case_url(), "/evaluaties/village-deal-test/rapport/"):
        html = client.get(url).content.decode()
        rows = table_rows(html, "Totaal per werkwijze, casus P")
        assert rows[1] == ["Met interventie", "€ 960", "€ 480", "€ -480"], url
        assert "Klantmanager: voorzien € 960, werkelijk € 480 (€ 480 minder)." in html, url
    # The case's own figures are the realisation's.
    html = client.get(_case_url()).content.decode()
    assert "€ 960" not in html.split('id="prognose-kop"')[0]


def test_it_asks_all_three_questions_of_three_werkwijzen(evaluation):
    from cases.models import Scenario
    from cases.prognosis import questions

    Scenario.objects.create(evaluation=evaluation, code="budget", name="Budget", position=3)
    scenarios = sorted(evaluation.scenarios.all(), key=lambda s: (not s.is_reference, s.position))
    assert [
        (s.code, q.split(",")[0]) for s, q in zip(scenarios, questions(scenarios), strict=True)
    ] == [
        ("zonder", "Wat gebeurt er als we niets doen"),
        ("met", "Wat gebeurt er met de huidige mogelijkheden?"),
        ("budget", "Wat gebeurt er met het budget?"),
    ]


def test_the_session_screen_and_the_evaluation_show_the_realisation(
    client, owner, evaluation, forecast_case
):
    prognosis.realise(owner, forecast_case)
    add_item(
        forecast_case,
        evaluation.scenarios.get(code="met"),
        ItemKind.SUPPORT,
        date(2025, 2, 1),
        date(2025, 2, 1),
        "Eenmalige hulp",
        [{"fixed_amount": Decimal("123.00")}],
    )
    client.force_login(owner)
    session = client.get(_case_url(tail="sessie/")).content.decode()
    assert "€ 123" in session and "€ 960" not in session
    rows = table_rows(
        client.get("/evaluaties/village-deal-test/").content.decode(), "Kosten per casus"
    )
    row = next(r for r in rows if r and r[0].startswith("P "))
    assert row[1] == "≈ € 123"  # an aanname: a fixed amount
    assert "€ 960" not in " ".join(row)


def test_a_copy_leaves_the_kept_forecast_alone(owner, evaluation, forecast_case):
    from cases.timeline import copy_timeline

    prognosis.realise(owner, forecast_case)
    met, zonder = (evaluation.scenarios.get(code=c) for c in ("met", "zonder"))
    made = copy_timeline(owner, forecast_case, met, zonder)
    assert made.item_ids == []
    assert forecast_case.items.filter(is_forecast=False).count() == 0


def test_the_evaluation_page_offers_a_new_prognose_to_the_chair(
    client, owner, notulist, evaluation
):
    client.force_login(owner)
    assert f'href="{START}"' in client.get("/evaluaties/village-deal-test/").content.decode()
    client.force_login(notulist)
    assert f'href="{START}"' not in client.get("/evaluaties/village-deal-test/").content.decode()


def test_the_case_page_says_at_its_top_that_a_prognose_was_not_lived(client, owner, forecast_case):
    client.force_login(owner)
    heading = re.search(r"<h1>(.*?)</h1>", client.get(_case_url()).content.decode(), re.S)
    assert 'class="tag">prognose</span>' in heading.group(1)
    prognosis.realise(owner, forecast_case)
    heading = re.search(r"<h1>(.*?)</h1>", client.get(_case_url()).content.decode(), re.S)
    assert "prognose" not in heading.group(1)


def test_the_session_screen_says_a_prognose_is_one(client, owner, forecast_case):
    client.force_login(owner)
    heading = re.search(r"<h1>(.*?)</h1>", client.get(_case_url(tail="sessie/")).text, re.S)
    assert 'class="tag">prognose</span>' in heading.group(1)
