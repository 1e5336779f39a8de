"""This file is the only place that tests who may reach which URL; the per-view test files
test what a view does, not who may use it.

Every URL × every role × a member of another organisation × an anonymous visitor, with the
exact answer each gets. A URL without rows here fails the first test: a new view must say
who may use it before it lands.

Answers: a status code, or LOGIN for a redirect to the log-in page. Views that take GET and
POST are asked with GET (their access check comes first either way); POST-only views with
POST, some with the data they need to get past the check.
"""

from dataclasses import dataclass, field
from decimal import Decimal

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from accounts.models import Role
from cases.models import CaseStage, EvaluationMember
from cases.timeline import copy_timeline, delete_item
from history.recorder import in_bin
from overview.models import ApiToken
from pricelist.models import PriceItem, PriceList
from reports.models import FinalReport, JobStatus, ReportJob

pytestmark = pytest.mark.django_db

LOGIN = "login"
ACTORS = ("anonymous", "outsider", "effectencalculateur", "notulist", "beleidsmedewerker")


def answers(anonymous=LOGIN, outsider=404, chair=200, notulist=200, beleid=200) -> dict:
    return dict(zip(ACTORS, (anonymous, outsider, chair, notulist, beleid), strict=True))


READ = answers()  # every member reads; others do not learn the evaluation exists
EDIT = answers(beleid=403)  # the timeline: effectencalculateur and notulist
CHAIR = answers(notulist=403, beleid=403)  # the effectencalculateur alone
# Organisation-wide pages where the outsider, a chair in their own organisation, is at home.
OWN_ORG_CHAIR = answers(outsider=200, notulist=403, beleid=403)
ANYONE = answers(anonymous=200, outsider=200)
MOVED = answers(anonymous=301, outsider=301, chair=301, notulist=301, beleid=301)
API_WITHOUT_TOKEN = answers(401, 401, 401, 401, 401)


@dataclass(frozen=True)
class Row:
    expected: dict
    kwargs: str = ""  # which of the world's argument sets the URL takes
    method: str = "get"
    data: dict = field(default_factory=dict)  # may name world keys as "{key}"


MATRIX = {
    # For the load balancer: the same answer for everyone, signed in or not. No report worker
    # runs in this world, so /gereed/ says "niet gereed" (tests/views/test_health.py).
    "health_live": Row(ANYONE),
    "health_ready": Row(answers(503, 503, 503, 503, 503)),
    # Accounts
    "login": Row(ANYONE),
    "logout": Row(
        answers(anonymous=302, outsider=302, chair=302, notulist=302, beleid=302), method="post"
    ),
    "password_change": Row(answers(outsider=200)),
    "password_change_done": Row(answers(outsider=200)),
    "password_reset_confirm": Row(
        answers(anonymous=302, outsider=302, chair=302, notulist=302, beleid=302), "token"
    ),
    "password_reset_complete": Row(ANYONE),
    # Single sign-on: not configured here, so signing in through it is not found for anyone
    # (test_it_sends_everyone_to_the_provider_once_configured asks again with it configured).
    # The sign-out ("logout" above) also ends the provider's session after a single sign-on.
    "oidc_authentication_init": Row(answers(404, 404, 404, 404, 404)),
    "oidc_authentication_callback": Row(answers(404, 404, 404, 404, 404)),
    # Two-factor authentication: one's own device, for everyone signed in. Nobody here has a
    # device yet, so entering a code, new recovery codes and switching off lead elsewhere.
    "two_factor": Row(answers(outsider=200)),
    "two_factor_setup": Row(answers(outsider=200)),
    "two_factor_verify": Row(answers(outsider=302, chair=302, notulist=302, beleid=302)),
    "two_factor_recovery": Row(answers(outsider=302, chair=302, notulist=302, beleid=302)),
    "two_factor_remove": Row(
        answers(outsider=302, chair=302, notulist=302, beleid=302), method="post"
    ),
    "cases:members": Row(READ, "evaluation"),
    "cases:member_remove": Row(CHAIR | {"effectencalculateur": 302}, "member", "post"),
    "cases:access_log": Row(OWN_ORG_CHAIR),
    # Retention: a person's own data for everyone signed in; a member's (here the notulist's)
    # for the effectencalculateurs of their organisation.
    "cases:personal_data": Row(answers(outsider=200)),
    "cases:personal_data_export": Row(answers(outsider=200)),
    "cases:member_data_export": Row(CHAIR, "person"),
    # Evaluations and cases
    "cases:evaluation_list": Row(answers(outsider=200)),
    "cases:evaluation_import": Row(OWN_ORG_CHAIR),
    "cases:evaluation_start": Row(OWN_ORG_CHAIR),
    "cases:case_start": Row(CHAIR, "evaluation"),
    "cases:scenarios": Row(CHAIR, "evaluation"),
    "cases:evaluation_detail": Row(READ, "evaluation"),
    "cases:evaluation_export": Row(READ, "evaluation"),
    "cases:case_detail": Row(READ, "case"),
    "cases:session": Row(READ, "case"),
    # Its stream of revisions (Server-Sent Events): whoever may see the session screen.
    "cases:session_stream": Row(READ, "case"),
    "cases:entry": Row(EDIT, "case"),
    "cases:entry_preview": Row(EDIT, "case", "post"),
    "cases:price_search": Row(READ, "case"),
    # A price item added during the session: the effectencalculateur alone.
    "cases:price_item_add": Row(CHAIR, "case"),
    # Without htmx, an item's row and a price item's row send the browser to their list.
    "cases:item": Row(EDIT | {"effectencalculateur": 302, "notulist": 302}, "item"),
    "cases:item_edit": Row(EDIT, "item"),
    "cases:item_delete": Row(EDIT, "item", "post"),
    "cases:item_restore": Row(
        EDIT | {"effectencalculateur": 302, "notulist": 302},
        "case",
        "post",
        {"record": "{deletion}"},
    ),
    "cases:timeline_copy": Row(EDIT, "case"),
    "cases:timeline_copy_made": Row(EDIT, "copy"),
    # Undoing sends the browser back to the entry screen.
    "cases:timeline_copy_undo": Row(
        EDIT | {"effectencalculateur": 302, "notulist": 302}, "copy", "post"
    ),
    "cases:session_record": Row(EDIT, "case"),
    "cases:evaluation_edit": Row(CHAIR, "evaluation"),
    # Where re-pricing and margins lived before they moved under the evaluation: a redirect
    # for everyone; the new address does the checking.
    "cases:old_repricing": Row(MOVED, "evaluation"),
    "cases:old_margins": Row(MOVED, "evaluation"),
    "cases:case_edit": Row(CHAIR, "case"),
    # History
    "cases:case_history": Row(READ, "case"),
    "cases:bin": Row(READ, "evaluation"),
    "cases:bin_restore": Row(
        EDIT | {"effectencalculateur": 302, "notulist": 302}, "restore", "post"
    ),
    # Reports
    "reports:evaluation_report": Row(READ, "evaluation"),
    "reports:evaluation_pdf": Row(READ, "evaluation"),
    "reports:evaluation_xlsx": Row(READ, "evaluation"),
    "reports:declare_final": Row(CHAIR, "evaluation"),
    # Declaring is a POST; refused before anything is rendered (tests/views/test_finals.py).
    "reports:final_pdf": Row(READ, "final"),
    "reports:job": Row(READ, "job"),
    "reports:job_pdf": Row(READ, "job"),
    "reports:case_report": Row(READ, "case"),
    "reports:case_pdf": Row(READ, "case"),
    "reports:case_xlsx": Row(READ, "case"),
    # Price lists: every member reads, the organisation's effectencalculateurs change.
    "pricelist:list": Row(answers(outsider=200)),
    "pricelist:import": Row(OWN_ORG_CHAIR),
    "pricelist:detail": Row(READ, "price_list"),
    "pricelist:export": Row(READ, "price_list"),
    "pricelist:export_csv": Row(READ, "price_list"),
    "pricelist:derive": Row(CHAIR, "price_list"),
    "pricelist:edit": Row(CHAIR, "price_list"),
    "pricelist:delete": Row(CHAIR, "price_list"),
    "pricelist:item_create": Row(CHAIR, "price_list"),
    "pricelist:item_row": Row(
        READ | {"effectencalculateur": 302, "notulist": 302, "beleidsmedewerker": 302},
        "price_item",
    ),
    "pricelist:item_edit": Row(CHAIR, "price_item"),
    "pricelist:item_delete": Row(CHAIR | {"effectencalculateur": 302}, "price_item", "post"),
    "pricelist:bin": Row(answers(outsider=200)),
    "pricelist:restore": Row(CHAIR | {"effectencalculateur": 302}, "price_deletion", "post"),
    # The prognose (cases/views/prognosis.py): a new prognose case is the chair's, like any
    # new case; filling in a prognose case is the editors'; the decision and realising are
    # the chair's. "prognose" is a case still in the prognose stage.
    "cases:prognosis_start": Row(CHAIR, "evaluation"),
    "cases:prognosis_figures": Row(CHAIR, "evaluation", "post"),
    "cases:prognosis_price_search": Row(CHAIR, "evaluation"),
    "cases:prognosis": Row(EDIT, "prognose"),
    "cases:prognosis_case_figures": Row(EDIT, "prognose", "post"),
    "cases:prognosis_decision": Row(CHAIR, "prognose"),
    "cases:prognosis_realise": Row(CHAIR, "prognose"),
    "cases:repricing": Row(CHAIR, "evaluation"),
    "cases:margins": Row(READ, "evaluation"),
    # --- The organisation's overview and the API (issue 14 items 3 and 4) ---
    # The overview and its downloads: everyone signed in, each seeing what they may read (the
    # outsider an empty table: tests/views/test_overview.py).
    "overview:overview": Row(answers(outsider=200)),
    "overview:overview_xlsx": Row(answers(outsider=200)),
    "overview:overview_csv": Row(answers(outsider=200)),
    # The API's tokens: the effectencalculateurs of the organisation (the outsider chairs their
    # own); revoking another organisation's token is not found.
    "overview:tokens": Row(OWN_ORG_CHAIR),
    "overview:token_revoke": Row(CHAIR | {"effectencalculateur": 302}, "api_token", "post"),
    # The API answers a token, never a session: signed in or not, without a token it is 401
    # (test_the_api_answers_a_token_not_a_session below asks with tokens). Its description is
    # public: it holds no data.
    "overview:api_description": Row(ANYONE),
    "overview:api_evaluations": Row(API_WITHOUT_TOKEN),
    "overview:api_evaluation": Row(API_WITHOUT_TOKEN, "evaluation"),
    "overview:api_cases": Row(API_WITHOUT_TOKEN, "evaluation"),
    # Outcome scores (issue 14 item 1): the chair chooses the instrument; everyone with a role
    # reads the grid, the beleidsmedewerker without inputs (a POST of theirs is refused, as
    # tests/views/test_outcome_grid.py shows).
    "cases:outcome_instrument": Row(CHAIR, "evaluation"),
    "cases:outcome_grid": Row(READ, "case"),
}


def url_names(patterns=None, namespace=None):
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            inner = ":".join(filter(None, (namespace, pattern.namespace))) or None
            yield from url_names(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern):
            yield f"{namespace}:{pattern.name}" if namespace else pattern.name


def test_it_has_rows_for_every_url_and_only_for_urls():
    names = list(url_names())
    assert None not in names, "every URL needs a name to be in the access matrix"
    assert sorted(set(names) - set(MATRIX)) == [], "URLs without rows in the access matrix"
    assert sorted(set(MATRIX) - set(names)) == [], "rows for URLs that do not exist"


@pytest.fixture
def world(
    evaluation, organisation, owner, notulist, beleidsmedewerker, outsider, django_user_model
):
    """One of everything a URL can point at, in the evaluation's organisation."""
    case = evaluation.cases.get(code="1")
    item = case.items.filter(lines__isnull=False).first()
    spare = PriceList.objects.create(organisation=organisation, name="Reserve 2025")
    financier = organisation.financiers.get(code="gemeente-wmo")
    price_item = PriceItem.objects.create(
        price_list=spare, code="X", name="Iets", unit="uur", price=Decimal(1), financier=financier
    )
    price_deletion = PriceItem.objects.create(
        price_list=spare, code="Y", name="Weg", unit="uur", price=Decimal(1), financier=financier
    ).delete_by(owner)
    doomed = case.items.exclude(pk=item.pk).first()
    deletion = delete_item(notulist, doomed)
    made = copy_timeline(notulist, case, *evaluation.scenarios.order_by("position"))
    member = EvaluationMember.objects.create(
        evaluation=evaluation, user=notulist, role=Role.NOTULIST
    )
    job = ReportJob.objects.create(
        evaluation=evaluation,
        case_count=2,
        estimated_seconds=3,
        status=JobStatus.DONE,
        filename="rapport.pdf",
        pdf=b"%PDF-1.7 test",
    )
    FinalReport.objects.create(
        evaluation=evaluation,
        version=1,
        pdf=b"%PDF-1.7 definitief",
        sha256="0" * 64,
        filename="rapport-definitief-v1.pdf",
        figures={},
        price_list_name="Prijslijst",
        declared_at=timezone.now(),
    )
    invited = django_user_model.objects.create_user("uitgenodigd", email="u@example.nl")
    api_token, _secret = ApiToken.issue(owner, organisation, "Dashboard")
    forecast = evaluation.add_case(
        owner,
        code="P1",
        title="Prognose",
        start_date=case.start_date,
        end_date=case.end_date,
        stage=CaseStage.FORECAST,
    )
    slug = evaluation.slug
    arguments = {
        "": [],
        "evaluation": [slug],
        "case": [slug, case.code],
        "item": [slug, case.code, item.pk],
        "price_list": [spare.pk],
        "price_item": [spare.pk, price_item.pk],
        "member": [slug, member.pk],
        "job": [slug, job.pk],
        "final": [slug, 1],
        "restore": [slug, deletion.pk],
        "copy": [slug, case.code, made.pk],
        "prognose": [slug, forecast.code],
        "price_deletion": [price_deletion.pk],
        "person": [notulist.pk],  # retention: a member's own data
        "api_token": [api_token.pk],
        "token": [
            urlsafe_base64_encode(force_bytes(invited.pk)),
            default_token_generator.make_token(invited),
        ],
    }
    users = {
        "anonymous": None,
        "outsider": outsider,
        "effectencalculateur": owner,
        "notulist": notulist,
        "beleidsmedewerker": beleidsmedewerker,
    }
    return {
        "arguments": arguments,
        "users": users,
        "deletion": deletion.pk,
        "price_deletion": price_deletion.pk,
    }


def answer(response) -> int | str:
    if response.status_code == 302 and response.url.startswith(reverse("login") + "?next="):
        return LOGIN
    return response.status_code


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize("name", sorted(MATRIX))
def test_it_gives_each_actor_the_exact_answer(client, world, name, actor):
    row = MATRIX[name]
    user = world["users"][actor]
    if user is not None:
        client.force_login(user)
    url = reverse(name, args=world["arguments"][row.kwargs])
    data = {key: str(value).format(**world) for key, value in row.data.items()}
    response = getattr(client, row.method)(url, data)
    assert answer(response) == row.expected[actor], f"{row.method.upper()} {url} as {actor}"


def test_it_leaves_the_deleted_item_in_the_bin_when_refused(client, world):
    url = reverse("cases:bin_restore", args=world["arguments"]["restore"])
    for actor in ("beleidsmedewerker", "outsider"):
        client.force_login(world["users"][actor])
        client.post(url)
    assert in_bin("cases.TimelineItem").filter(pk=world["deletion"]).exists()


def test_it_leaves_the_deleted_price_item_in_the_bin_when_refused(client, world):
    url = reverse("pricelist:restore", args=world["arguments"]["price_deletion"])
    for actor in ("notulist", "beleidsmedewerker", "outsider"):
        client.force_login(world["users"][actor])
        client.post(url)
    assert in_bin("pricelist.PriceItem").filter(pk=world["price_deletion"]).exists()


# --- single sign-on, configured (endpoints set one by one, so no provider is asked) ---
@pytest.mark.parametrize("actor", ACTORS)
def test_it_sends_everyone_to_the_provider_once_configured(client, world, settings, actor):
    settings.OIDC_RP_CLIENT_ID = "effectencalculator"
    settings.OIDC_ISSUER = "https://login.gemeente.example"
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = "https://login.gemeente.example/authorize"
    user = world["users"][actor]
    if user is not None:
        client.force_login(user)
    start = client.get(reverse("oidc_authentication_init"))
    assert start.status_code == 302
    assert start["Location"].startswith("https://login.gemeente.example/authorize?")
    # A callback without a code from the provider goes back to the log-in page.
    back = client.get(reverse("oidc_authentication_callback"))
    assert (back.status_code, back["Location"]) == (302, reverse("login"))


# --- The API with tokens: its own organisation's token reads, another's finds nothing ---
API_URLS = {
    "overview:api_evaluations": "",
    "overview:api_evaluation": "evaluation",
    "overview:api_cases": "evaluation",
}


@pytest.mark.parametrize("name", sorted(API_URLS))
@pytest.mark.parametrize(
    ("holder", "expected"),
    [
        ("own", 200),
        ("other", {"": 200, "evaluation": 404}),  # their own (empty) list; not this evaluation
        ("revoked", 401),
        ("wrong", 401),
        ("none", 401),
    ],
)
def test_the_api_answers_a_token_not_a_session(
    client, world, organisation, other_organisation, owner, outsider, name, holder, expected
):
    _own, own = ApiToken.issue(owner, organisation, "Dashboard")
    _other, other = ApiToken.issue(outsider, other_organisation, "Elders")
    revoked_token, revoked = ApiToken.issue(owner, organisation, "Oud")
    revoked_token.revoke()
    secret = {"own": own, "other": other, "revoked": revoked, "wrong": own + "x", "none": ""}
    headers = {"Authorization": f"Bearer {secret[holder]}"} if secret[holder] else {}
    kwargs = API_URLS[name]
    response = client.get(reverse(name, args=world["arguments"][kwargs]), headers=headers)
    want = expected[kwargs] if isinstance(expected, dict) else expected
    assert response.status_code == want
    assert response["Content-Type"] == "application/json"
