"""The effectencalculateur sets up an evaluation by hand and adds its cases."""

import pytest
from django.urls import reverse

from accounts.models import Role
from cases.access import get_evaluation
from cases.figures import load
from cases.models import Evaluation
from history.models import Action, ChangeRecord
from pricelist.models import PriceList

pytestmark = pytest.mark.django_db

URL = reverse("cases:evaluation_start")


def start_data(price_list, **changes):
    return {
        "organisation": price_list.organisation_id,
        "title": "Resultaatvolgend budget Leeuwarden",
        "client": "Gemeente Leeuwarden",
        "date": "2026-11-01",
        "price_list": price_list.pk,
        "scenario_1": "Met budget",
        "scenario_2": "Zonder budget",
        "scenario_3": "Niets doen",
        "reference": "1",
    } | changes


def test_it_starts_an_evaluation_with_its_werkwijzen_and_its_chair(client, owner, price_list):
    client.force_login(owner)
    response = client.post(URL, start_data(price_list))
    evaluation = Evaluation.objects.get(title="Resultaatvolgend budget Leeuwarden")
    assert response.status_code == 302 and response.url == evaluation.get_absolute_url()
    assert [(s.code, s.name, s.is_reference) for s in evaluation.scenarios.all()] == [
        ("met-budget", "Met budget", False),
        ("zonder-budget", "Zonder budget", True),
        ("niets-doen", "Niets doen", False),
    ]
    assert get_evaluation(owner, evaluation.slug)[1] == Role.EFFECTENCALCULATEUR
    assert ChangeRecord.objects.filter(action=Action.CREATE, model="cases.Evaluation").exists()
    assert load(evaluation).totals.totals == {
        "met-budget": 0,
        "zonder-budget": 0,
        "niets-doen": 0,
    }


def test_it_skips_an_unnamed_werkwijze(client, owner, price_list):
    client.force_login(owner)
    client.post(URL, start_data(price_list, scenario_2="", reference="2"))
    evaluation = Evaluation.objects.get()
    assert [s.name for s in evaluation.scenarios.all()] == ["Met budget", "Niets doen"]
    assert evaluation.scenarios.get(is_reference=True).name == "Niets doen"


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"scenario_3": "", "reference": "2"}, "reference", "een naam heeft"),
        ({"scenario_2": "Met budget"}, "scenario_2", "eigen naam"),
        ({"title": ""}, "title", "verplicht"),
    ],
)
def test_it_refuses_bad_input_keeping_what_was_typed(
    client, owner, price_list, changes, field, message
):
    client.force_login(owner)
    response = client.post(URL, start_data(price_list, **changes))
    html = response.content.decode()
    assert response.status_code == 200
    assert message in html
    assert 'value="Gemeente Leeuwarden"' in html
    assert not Evaluation.objects.exists()
    assert html.count('class="field-error"') == 1, "one mistake, one message"


def test_it_refuses_a_price_list_of_another_organisation(
    client, owner, price_list, other_organisation
):
    foreign = PriceList.objects.create(organisation=other_organisation, name="Elders")
    client.force_login(owner)
    response = client.post(URL, start_data(price_list) | {"price_list": foreign.pk})
    assert response.status_code == 200
    assert not Evaluation.objects.exists()


@pytest.mark.parametrize("who", ["notulist", "beleidsmedewerker"])
def test_it_lets_only_an_effectencalculateur_start(client, price_list, who, request):
    client.force_login(request.getfixturevalue(who))
    assert client.post(URL, start_data(price_list)).status_code == 403
    assert not Evaluation.objects.exists()


def test_it_adds_a_case_and_opens_its_entry_screen(client, owner, evaluation):
    client.force_login(owner)
    url = reverse("cases:case_start", args=[evaluation.slug])
    data = {"code": "3", "title": "Schulden", "start_date": "2017-01-01", "end_date": "2018-01-01"}
    response = client.post(url, data)
    case = evaluation.cases.get(code="3")
    assert response.url == reverse("cases:entry", args=[evaluation.slug, "3"])
    assert case.position == max(c.position for c in evaluation.cases.all())
    assert ChangeRecord.objects.filter(case=case, action=Action.CREATE).exists()

    again = client.post(url, data | {"end_date": "2016-01-01"})
    html = again.content.decode()
    assert "Er is al een casus met code “3”" in html
    assert "vóór de startdatum" in html
    assert evaluation.cases.filter(code="3").count() == 1


def test_it_refuses_a_case_code_with_a_slash_and_a_title_with_personal_data(
    client, owner, evaluation
):
    client.force_login(owner)
    url = reverse("cases:case_start", args=[evaluation.slug])
    data = {
        "code": "1/2",
        "title": "Bel 06-12345678",
        "start_date": "2017-01-01",
        "end_date": "2018-01-01",
    }
    html = client.post(url, data).content.decode()
    assert "Een casuscode mag geen “/” bevatten." in html
    assert "telefoonnummer “06-12345678”" in html
    assert 'value="1/2"' in html
    assert not evaluation.cases.filter(title__startswith="Bel").exists()
    # The chair may confirm that a finding is no personal data (the code stays refused).
    confirmed = client.post(url, data | {"code": "12", "not_personal": "on"})
    assert confirmed.status_code == 302
    assert evaluation.cases.get(code="12").title == "Bel 06-12345678"


def test_it_lets_only_the_chair_add_a_case(client, notulist, evaluation):
    client.force_login(notulist)
    url = reverse("cases:case_start", args=[evaluation.slug])
    data = {"code": "9", "title": "X", "start_date": "2017-01-01", "end_date": "2018-01-01"}
    assert client.post(url, data).status_code == 403
    assert not evaluation.cases.filter(code="9").exists()


def scenarios_url(evaluation):
    return reverse("cases:scenarios", args=[evaluation.slug])


def test_it_renames_adds_and_moves_the_reference(client, owner, evaluation):
    met, zonder = evaluation.scenarios.all()
    revision = evaluation.cases.first().revision
    client.force_login(owner)
    data = {"name_1": "Met budget", "name_2": zonder.name, "name_3": "Niets doen"}
    response = client.post(scenarios_url(evaluation), data | {"reference": "2"})
    assert response.status_code == 302
    assert [(s.code, s.name, s.is_reference) for s in evaluation.scenarios.all()] == [
        (met.code, "Met budget", False),
        (zonder.code, zonder.name, False),
        ("niets-doen", "Niets doen", True),
    ]
    figures = load(evaluation).totals
    assert figures.difference("zonder") == -figures.total("zonder")  # "niets doen" costs 0
    assert evaluation.cases.first().revision == revision + 1
    assert ChangeRecord.objects.filter(model="cases.Scenario").count() == 3


def test_it_removes_only_a_werkwijze_without_items(client, owner, evaluation):
    client.force_login(owner)
    met, zonder = evaluation.scenarios.all()
    response = client.post(
        scenarios_url(evaluation), {"name_1": "", "name_2": zonder.name, "reference": "1"}
    )
    assert "heeft nog tijdlijnitems" in response.content.decode()
    assert evaluation.scenarios.count() == 2

    met.items.all().delete()
    client.post(scenarios_url(evaluation), {"name_1": "", "name_2": zonder.name, "reference": "1"})
    assert [s.code for s in evaluation.scenarios.all()] == [zonder.code]


def test_it_refuses_an_unnamed_reference(client, owner, evaluation):
    client.force_login(owner)
    met, zonder = evaluation.scenarios.all()
    data = {"name_1": met.name, "name_2": zonder.name, "reference": "2"}
    response = client.post(scenarios_url(evaluation), data)
    assert "een naam heeft" in response.content.decode()
    assert evaluation.scenarios.get(is_reference=True) == zonder


def test_it_lets_only_the_chair_change_werkwijzen(client, notulist, evaluation):
    client.force_login(notulist)
    response = client.post(scenarios_url(evaluation), {"name_1": "X", "reference": "0"})
    assert response.status_code == 403
    assert not evaluation.scenarios.filter(name="X").exists()


def test_it_offers_a_price_list_with_prices_first(client, owner, price_list):
    PriceList.objects.create(organisation=price_list.organisation, name="Aaa leeg")
    client.force_login(owner)
    html = client.get(URL).content.decode()
    assert f'<option value="{price_list.pk}" selected>' in html


def test_it_starts_with_an_empty_price_list(client, owner, price_list):
    client.force_login(owner)
    client.post(URL, start_data(price_list, price_start="leeg"))
    evaluation = Evaluation.objects.get(title="Resultaatvolgend budget Leeuwarden")
    new = evaluation.price_list
    assert new != price_list
    assert (new.name, new.items.count(), new.derivation) == (
        "Prijslijst Resultaatvolgend budget Leeuwarden",
        0,
        "Leeg begonnen",
    )
    assert not price_list.is_locked  # the list that was selected is left alone
    assert ChangeRecord.objects.filter(
        action=Action.CREATE, model="pricelist.PriceList", object_id=str(new.pk)
    ).exists()


def test_it_starts_with_a_copy_under_a_name_of_its_own(client, owner, price_list):
    client.force_login(owner)
    client.post(URL, start_data(price_list, price_start="kopie", price_list_name="Leeuwarden"))
    new = Evaluation.objects.get().price_list
    assert new.name == "Leeuwarden" and new.based_on == price_list
    assert sorted(new.items.values_list("code", flat=True)) == ["GGZ", "KM"]
    assert not price_list.is_locked and new.is_locked


def test_it_still_uses_an_existing_list_when_asked(client, owner, price_list):
    client.force_login(owner)
    client.post(URL, start_data(price_list, price_start="gebruiken"))
    assert Evaluation.objects.get().price_list == price_list
    assert PriceList.objects.count() == 1


def test_a_new_lists_name_gets_a_number_when_it_is_taken(client, owner, price_list):
    PriceList.objects.create(
        organisation=price_list.organisation, name="Prijslijst Resultaatvolgend budget Leeuwarden"
    )
    client.force_login(owner)
    client.post(URL, start_data(price_list, price_start="leeg"))
    assert Evaluation.objects.get().price_list.name == (
        "Prijslijst Resultaatvolgend budget Leeuwarden (2)"
    )


def test_it_refuses_a_taken_name_or_a_copy_of_nothing(client, owner, price_list):
    client.force_login(owner)
    data = start_data(price_list, price_start="kopie", price_list_name=price_list.name)
    html = client.post(URL, data).content.decode()
    assert f"Er bestaat al een prijslijst ‘{price_list.name}’; kies een andere naam." in html
    data = start_data(price_list, price_start="kopie") | {"price_list": ""}
    html = client.post(URL, data).content.decode()
    assert "Kies de prijslijst die u wilt gebruiken of kopiëren." in html
    assert not Evaluation.objects.exists()
    assert PriceList.objects.count() == 1


def test_an_empty_list_needs_no_price_list_to_exist(client, owner, organisation):
    client.force_login(owner)
    data = {
        "organisation": organisation.pk,
        "title": "Zonder prijzen",
        "price_start": "leeg",
        "scenario_1": "Met",
        "scenario_2": "Zonder",
        "reference": "1",
    }
    assert client.post(URL, data).status_code == 302
    assert Evaluation.objects.get().price_list.items.count() == 0
