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


def test_it_saves_the_short_answers_to_the_research_questions(client, owner, evaluation):
    client.force_login(owner)
    url = reverse("cases:evaluation_edit", args=[evaluation.slug])
    questions = "1. Wat kost het?\n2. Wie betaalt?"
    response = client.post(
        url,
        evaluation_form(
            evaluation, research_questions=questions, research_answers="1. Minder dan zonder."
        ),
    )
    assert response.status_code == 302
    evaluation.refresh_from_db()
    assert evaluation.research_answers == "1. Minder dan zonder."


def test_it_refuses_more_answers_than_questions_at_the_field_and_keeps_them(
    client, owner, evaluation
):
    client.force_login(owner)
    url = reverse("cases:evaluation_edit", args=[evaluation.slug])
    answers = "1. Veel.\n2. De gemeente."
    response = client.post(
        url,
        evaluation_form(
            evaluation, research_questions="1. Wat kost het?", research_answers=answers
        ),
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert "Er staan 2 antwoorden maar 1 onderzoeksvraag" in content
    assert "2. De gemeente." in content
    evaluation.refresh_from_db()
    assert evaluation.research_answers == ""


def test_it_saves_a_cases_toelichting_op_de_cijfers(client, owner, evaluation):
    client.force_login(owner)
    case = evaluation.cases.get(code="1")
    url = reverse("cases:case_edit", args=[evaluation.slug, case.code])
    note = "Het rapport noemt € 2.343; de tijdlijn telt op tot € 2.760."
    assert client.post(url, case_form(case, figures_note=note)).status_code == 302
    case.refresh_from_db()
    assert case.figures_note == note
    assert "Toelichting op de cijfers" in client.get(url).content.decode()
