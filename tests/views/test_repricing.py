from decimal import Decimal

import pytest
from django.urls import reverse

from accounts.models import Role
from cases.models import EvaluationMember
from history.models import ChangeRecord
from lib.indexation import Indexation
from tests.views.helpers import table_rows


@pytest.fixture
def newer(evaluation, owner):
    return evaluation.price_list.derive(owner, "Testprijslijst 2025", 2025, Indexation(Decimal(10)))


def _url(evaluation):
    return reverse("cases:repricing", args=[evaluation.slug])


@pytest.mark.parametrize("role", ["notulist", "beleidsmedewerker"])
def test_it_is_forbidden_to_others_than_the_chair(request, client, evaluation, newer, role):
    client.force_login(request.getfixturevalue(role))
    assert client.get(_url(evaluation)).status_code == 403
    assert client.post(_url(evaluation), {"target": newer.pk}).status_code == 403


def test_it_follows_the_role_in_the_evaluation(client, owner, evaluation):
    EvaluationMember.objects.create(evaluation=evaluation, user=owner, role=Role.NOTULIST)
    client.force_login(owner)
    assert client.get(_url(evaluation)).status_code == 403


def test_it_offers_the_other_versions(client, owner, evaluation, newer):
    client.force_login(owner)
    html = client.get(_url(evaluation)).content.decode()
    assert f'<option value="{newer.pk}"' in html
    assert f'<option value="{evaluation.price_list_id}"' not in html


def test_it_previews_without_changing_anything(client, owner, evaluation, newer):
    client.force_login(owner)
    html = client.get(_url(evaluation), {"target": newer.pk}).content.decode()
    assert table_rows(html, "Totalen van casus 1")[1:] == [
        ["Met interventie", "€ 2.036,70", "€ 2.196,70", "€ 160,00"],
        ["Zonder interventie", "€ 1.500,00", "€ 1.650,00", "€ 150,00"],
    ]
    assert table_rows(html, "Kostenregels van casus 2")[1:] == [
        [
            "Met interventie",
            "Wekelijks gesprek met twee klantmanagers",
            "KM – Klantmanager",
            "€ 80,00",
            "€ 88,00",
            "€ 640,00",
            "€ 704,00",
        ]
    ]
    assert "Toepassen" in html
    evaluation.refresh_from_db()
    assert evaluation.price_list_id != newer.pk


def test_it_applies(client, owner, evaluation, newer):
    client.force_login(owner)
    response = client.post(_url(evaluation), {"target": newer.pk})
    assert response["Location"] == evaluation.get_absolute_url()
    evaluation.refresh_from_db()
    assert evaluation.price_list == newer
    assert ChangeRecord.objects.filter(model="cases.Evaluation", user=owner).exists()


def test_it_shows_missing_items_and_refuses_to_apply(client, owner, evaluation, newer):
    newer.items.get(code="GGZ").delete_by(owner)
    client.force_login(owner)
    html = client.get(_url(evaluation), {"target": newer.pk}).content.decode()
    assert "Ontbrekend in Testprijslijst 2025: GGZ." in html
    assert "ontbreekt" in table_rows(html, "Kostenregels van casus 1")[1]
    assert "Toepassen:" not in html
    response = client.post(_url(evaluation), {"target": newer.pk})
    assert response.status_code == 200
    assert "mist prijscodes die deze evaluatie gebruikt: GGZ" in response.content.decode()
    evaluation.refresh_from_db()
    assert evaluation.price_list_id != newer.pk


def test_it_re_renders_an_unknown_version_with_200(
    client, owner, evaluation, newer, other_organisation
):
    elsewhere = other_organisation.price_lists.create(name="Elders")
    client.force_login(owner)
    response = client.post(_url(evaluation), {"target": elsewhere.pk})
    assert response.status_code == 200
    assert "field-error" in response.content.decode()
