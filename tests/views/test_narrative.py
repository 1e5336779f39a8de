"""The effectencalculateur edits the evaluation's chapters and a case's story, past the
privacy guard; every save lands in the history."""

import pytest
from django.urls import reverse

from history.models import Action, ChangeRecord

pytestmark = pytest.mark.django_db


def evaluation_form(evaluation, **changes):
    data = {
        "title": evaluation.title,
        "client": evaluation.client,
        "date": "2018-07-01",
        "introduction": "Inleiding",
        "research_questions": "",
        "conclusions": "",
        "recommendations": "",
    }
    return data | changes


def case_form(case, **changes):
    data = {
        "title": case.title,
        "start_date": case.start_date.isoformat(),
        "end_date": case.end_date.isoformat(),
    } | dict.fromkeys(case.NARRATIVE_FIELDS, "")
    return data | changes


def test_it_saves_the_chapters_and_keeps_the_history(client, owner, evaluation):
    client.force_login(owner)
    url = reverse("cases:evaluation_edit", args=[evaluation.slug])
    response = client.post(url, evaluation_form(evaluation, conclusions="Het **werkt**."))
    assert response.status_code == 302
    evaluation.refresh_from_db()
    assert evaluation.conclusions == "Het **werkt**."
    record = ChangeRecord.objects.get(action=Action.UPDATE, model="cases.Evaluation")
    assert record.after["conclusions"] == "Het **werkt**."
    assert record.user == owner


def test_it_warns_about_personal_data_and_keeps_what_was_typed(client, owner, evaluation):
    client.force_login(owner)
    url = reverse("cases:evaluation_edit", args=[evaluation.slug])
    text = "Mevrouw (BSN 111222333) belde vanaf 06-12345678."
    response = client.post(url, evaluation_form(evaluation, introduction=text))
    content = response.content.decode()
    assert response.status_code == 200
    assert "BSN “111222333”" in content and "telefoonnummer “06-12345678”" in content
    assert text in content
    evaluation.refresh_from_db()
    assert evaluation.introduction != text


def test_it_saves_once_the_effectencalculateur_confirms_it_is_not_personal(
    client, owner, evaluation
):
    client.force_login(owner)
    url = reverse("cases:evaluation_edit", args=[evaluation.slug])
    text = "Dossier 111222333 is een zaaknummer."
    client.post(url, evaluation_form(evaluation, introduction=text, not_personal="on"))
    evaluation.refresh_from_db()
    assert evaluation.introduction == text


def test_it_edits_a_case_and_refuses_an_end_before_the_start(client, owner, evaluation):
    case = evaluation.cases.get(code="1")
    client.force_login(owner)
    url = reverse("cases:case_edit", args=[evaluation.slug, "1"])
    response = client.post(url, case_form(case, end_date="2000-01-01"))
    assert "vóór de startdatum" in response.content.decode()
    response = client.post(url, case_form(case, approach="Zij vroeg om hulp."))
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.approach == "Zij vroeg om hulp."
    assert ChangeRecord.objects.filter(case=case, action=Action.UPDATE).exists()


@pytest.mark.parametrize("who", ["notulist", "beleidsmedewerker"])
def test_it_lets_only_the_effectencalculateur_write(client, evaluation, who, request):
    client.force_login(request.getfixturevalue(who))
    url = reverse("cases:evaluation_edit", args=[evaluation.slug])
    assert client.get(url).status_code == 403
    assert client.post(url, evaluation_form(evaluation, title="Anders")).status_code == 403
    evaluation.refresh_from_db()
    assert evaluation.title != "Anders"
