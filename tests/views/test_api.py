"""The read-only JSON API (/api/v1/) and its token screen (/api-tokens/).

Every response a test receives here is validated against the schema the OpenAPI description
gives for its path and status, so that the description cannot drift from the code; who may
reach which URL is tests/views/test_access_matrix.py's.
"""

import json
import re

import pytest
from django.urls import resolve, reverse
from jsonschema import Draft202012Validator
from jsonschema.validators import validator_for

from cases.models import CaseStage
from cases.summary import evaluation_summary
from history.models import AccessKind, AccessRecord, ChangeRecord
from overview import openapi
from overview.models import ApiToken, secret_hash

pytestmark = pytest.mark.django_db

TOKENS = "/api-tokens/"


def _document(client) -> dict:
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    return response.json()


def _schema_path(path: str, document: dict) -> str:
    """The description's path template that ``path`` (under /api/v1) matches."""
    for template in document["paths"]:
        pattern = "^" + re.sub(r"\{[^}]+\}", "[^/]+", template) + "$"
        if re.match(pattern, path):
            return template
    raise AssertionError(f"{path} is not in the description")


def checked(client, path: str, secret: str | None, status: int) -> dict:
    """GET /api/v1``path`` with ``secret``; its status, and its body validated against the
    description's schema for that path and status."""
    headers = {"Authorization": f"Bearer {secret}"} if secret else {}
    response = client.get(f"/api/v1{path}", headers=headers)
    assert response.status_code == status, response.content
    document = _document(client)
    operation = document["paths"][_schema_path(path, document)]["get"]
    described = operation["responses"][str(status)]["content"]["application/json"]["schema"]
    # The whole document as the root, so that its #/components/schemas/… references resolve.
    Draft202012Validator({**document, **described}).validate(response.json())
    return response.json()


@pytest.fixture
def secret(organisation, owner):
    _token, secret = ApiToken.issue(owner, organisation, "Dashboard")
    return secret


def test_the_description_is_openapi_3_1_with_valid_schemas_for_real_paths(client):
    document = _document(client)
    assert document["openapi"] == "3.1.0"
    assert document["servers"] == [{"url": "http://testserver/api/v1"}]
    for name, schema in document["components"]["schemas"].items():
        validator_for(schema, default=Draft202012Validator).check_schema(schema), name
    for template, item in document["paths"].items():
        path = "/api/v1" + template.replace("{slug}", "een-evaluatie")
        assert resolve(path).url_name.startswith("api_"), template
        assert set(item) == {"get"}
        assert {"200", "401"} <= set(item["get"]["responses"])


def test_it_lists_the_evaluations_of_the_tokens_organisation(client, evaluation, secret):
    body = checked(client, "/evaluaties/", secret, 200)
    assert body["organisation"] == evaluation.organisation.name
    assert body["evaluations"] == [
        {
            "slug": "village-deal-test",
            "title": "Village Deal Test",
            "client": "Gemeente Stein",
            "date": "2018-07-01",
            "url": "http://testserver/api/v1/evaluaties/village-deal-test/",
            "case_count": 2,
        }
    ]


def test_it_gives_an_evaluation_with_the_summary_of_design_5(client, evaluation, secret):
    body = checked(client, "/evaluaties/village-deal-test/", secret, 200)
    assert body["figures"] == json.loads(json.dumps(evaluation_summary(evaluation)))
    # The conftest's known figures, as §5's strings with two decimals.
    assert body["figures"]["totals"]["difference"] == {"met": "79682.30", "zonder": "0.00"}
    assert body["cases_url"] == "http://testserver/api/v1/evaluaties/village-deal-test/casussen/"


def test_it_gives_the_cases_with_stage_period_and_course(client, evaluation, secret):
    evaluation.cases.filter(code="2").update(stage=CaseStage.FORECAST)
    body = checked(client, "/evaluaties/village-deal-test/casussen/", secret, 200)
    summary = evaluation_summary(evaluation, with_course=True)
    assert [(c["code"], c["stage"], c["start_date"]) for c in body["cases"]] == [
        ("1", "gerealiseerd", "2016-09-01"),
        ("2", "prognose", "2017-10-01"),
    ]
    for case, summarised in zip(body["cases"], summary["cases"], strict=True):
        assert case["figures"]["difference"] == summarised["difference"]
        assert case["figures"]["break_even"] == summarised["break_even"]
        assert case["figures"]["per_year"] == summarised["per_year"]


@pytest.mark.parametrize(
    ("header", "message"),
    [
        (None, "Geen token meegestuurd"),
        ("Bearer", "Geen token meegestuurd"),
        ("Basic ZWVuOnR3ZWU=", "Geen token meegestuurd"),
        ("Bearer ec_onbekend", "onbekend of ingetrokken"),
        ("Bearer iets-anders", "onbekend of ingetrokken"),
    ],
)
def test_it_refuses_a_missing_or_wrong_token_in_dutch(client, evaluation, header, message):
    headers = {"Authorization": header} if header else {}
    response = client.get("/api/v1/evaluaties/", headers=headers)
    assert response.status_code == 401
    assert message in response.json()["fout"]
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert not AccessRecord.objects.exists()


def test_it_refuses_a_revoked_token(client, evaluation, organisation, owner):
    token, secret = ApiToken.issue(owner, organisation, "Dashboard")
    checked(client, "/evaluaties/", secret, 200)
    token.revoke()
    body = checked(client, "/evaluaties/village-deal-test/", secret, 401)
    assert "ingetrokken" in body["fout"]


def test_it_refuses_another_organisations_evaluation(
    client, evaluation, other_organisation, outsider
):
    _token, other = ApiToken.issue(outsider, other_organisation, "Elders")
    assert checked(client, "/evaluaties/", other, 200)["evaluations"] == []
    for path in ("/evaluaties/village-deal-test/", "/evaluaties/village-deal-test/casussen/"):
        body = checked(client, path, other, 404)
        assert "hoort niet bij de organisatie van dit token" in body["fout"]
    # The same answer as for an evaluation that does not exist at all.
    checked(client, "/evaluaties/bestaat-niet/", other, 404)


def test_a_session_alone_does_not_open_the_api(client, evaluation, owner):
    client.force_login(owner)
    body = checked(client, "/evaluaties/", None, 401)
    assert "Geen token" in body["fout"]


def test_it_logs_every_request_with_its_token_and_address(client, evaluation, secret):
    checked(client, "/evaluaties/", secret, 200)
    checked(client, "/evaluaties/village-deal-test/", secret, 200)
    checked(client, "/evaluaties/elders/", secret, 404)
    records = list(AccessRecord.objects.order_by("pk"))
    assert [r.kind for r in records] == [AccessKind.API] * 3
    assert [r.evaluation for r in records] == [None, evaluation, None]
    prefix = secret[:11]
    assert records[1].what == (
        f"API-token ‘Dashboard’ ({prefix}…): /api/v1/evaluaties/village-deal-test/"
    )
    assert {r.who for r in records} == {"(API-token)"}
    assert {r.organisation for r in records} == {evaluation.organisation}


def test_it_notes_when_a_token_was_last_used(client, evaluation, secret):
    token = ApiToken.objects.get()
    assert token.last_used_at is None
    checked(client, "/evaluaties/", secret, 200)
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_it_answers_only_get(client, evaluation, secret):
    response = client.post("/api/v1/evaluaties/", HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert response.status_code == 405


# --- the token screen ---
def test_an_effectencalculateur_issues_a_token_shown_once(client, organisation, owner):
    client.force_login(owner)
    response = client.post(TOKENS, {"organisation": organisation.pk, "name": "Dashboard"})
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    page = response.content.decode()
    shown = re.search(r'value="(ec_[^"]+)"', page).group(1)
    token = ApiToken.objects.get()
    assert (token.name, token.organisation, token.created_by) == ("Dashboard", organisation, owner)
    assert token.hash == secret_hash(shown) and shown not in token.hash
    assert token.prefix == shown[:11]
    assert shown not in client.get(TOKENS).content.decode()  # once only
    assert token.prefix in client.get(TOKENS).content.decode()
    (record,) = ChangeRecord.objects.filter(model="overview.ApiToken")
    assert record.user == owner and token.hash not in json.dumps(record.after)


def test_it_asks_for_a_name(client, organisation, owner):
    client.force_login(owner)
    response = client.post(TOKENS, {"organisation": organisation.pk, "name": "  "})
    assert "Geef het token een naam" in response.content.decode()
    assert not ApiToken.objects.exists()


def test_an_effectencalculateur_revokes_a_token(client, evaluation, organisation, owner):
    token, secret = ApiToken.issue(owner, organisation, "Dashboard")
    client.force_login(owner)
    response = client.post(reverse("overview:token_revoke", args=[token.pk]), follow=True)
    assert "is ingetrokken" in response.content.decode()
    token.refresh_from_db()
    assert token.is_revoked
    client.logout()
    checked(client, "/evaluaties/", secret, 401)


@pytest.mark.parametrize("who", ["notulist", "beleidsmedewerker", "outsider"])
def test_others_cannot_revoke_a_token(client, request, organisation, owner, who):
    token, _secret = ApiToken.issue(owner, organisation, "Dashboard")
    client.force_login(request.getfixturevalue(who))
    response = client.post(reverse("overview:token_revoke", args=[token.pk]))
    assert response.status_code in (403, 404)
    token.refresh_from_db()
    assert not token.is_revoked


def test_the_token_screen_links_the_description(client, owner):
    client.force_login(owner)
    assert 'href="/api/v1/openapi.json"' in client.get(TOKENS).content.decode()


def test_the_description_is_served_from_the_module(client):
    assert _document(client)["paths"] == json.loads(json.dumps(openapi.PATHS))


def test_a_token_works_beside_a_session_that_still_owes_a_second_factor(
    client, evaluation, organisation, owner, secret
):
    """An effectencalculateur trying the API in a browser they are signed into: the token
    answers; the session is not sent to set up two-factor authentication."""
    organisation.require_two_factor = True
    organisation.save(update_fields=["require_two_factor"])
    client.force_login(owner)
    assert client.get("/").status_code == 302  # the site itself wants the second factor
    checked(client, "/evaluaties/village-deal-test/", secret, 200)
    checked(client, "/evaluaties/", None, 401)
