"""Single sign-on (accounts.oidc) against a real OpenID Connect provider on 127.0.0.1
(tests/oidc_provider.py): the test client walks the browser's way, the provider's redirects
followed by hand, and the backend talks to the provider over HTTP as it does in production."""

import http.client
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from accounts import oidc
from accounts.models import ExternalIdentity, Membership, Role
from effectencalculator.settings import envmapping
from pricelist.models import create_organisation
from tests.oidc_provider import Provider

pytestmark = pytest.mark.django_db

ORGANISATIONS = {
    "noord": "adviesbureau-noord:notulist",
    "elders": "gemeente-elders",
}


@pytest.fixture
def provider(settings, organisation, other_organisation):
    oidc._discovered.clear()  # a port may come round again, with another provider behind it
    provider = Provider().start()
    for name, value in provider.settings(OIDC_ORGANISATIONS=ORGANISATIONS).items():
        setattr(settings, name, value)
    yield provider
    provider.stop()


def visit(url: str) -> tuple[int, str]:
    """GET ``url`` at the provider as a browser would, without following the redirect."""
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    try:
        connection.request("GET", f"{parts.path}?{parts.query}")
        response = connection.getresponse()
        response.read()
        return response.status, response.getheader("Location") or ""
    finally:
        connection.close()


def local(url: str) -> str:
    parts = urlsplit(url)
    assert parts.netloc in ("", "testserver"), url
    return f"{parts.path}?{parts.query}" if parts.query else parts.path


def sign_in(client, provider, query: str = "", tamper=None):
    """Click the button, let the provider send the browser back, and answer the callback."""
    start = client.get(reverse("oidc_authentication_init") + query)
    assert start.status_code == 302
    assert start["Location"].startswith(f"{provider.issuer}/authorize?")
    status, back = visit(start["Location"])
    assert status == 302
    return client.get(local(tamper(back) if tamper else back))


def assert_refused(client, response, message: str):
    assert response.status_code == 302
    assert response["Location"] == reverse("login")
    assert "_auth_user_id" not in client.session
    page = client.get(response["Location"])
    assert message in page.content.decode()


def noord_user(provider, sub="gemeente-123", **claims):
    claims = {"preferred_username": "j.jansen", "organisation": "noord", **claims}
    provider.sign_in_as(sub, **claims)


def test_it_creates_the_account_in_the_mapped_organisation_with_the_configured_role(
    client, provider, organisation
):
    noord_user(provider, email="j.jansen@noord.example", given_name="Jan", family_name="Jansen")
    response = sign_in(client, provider)
    assert response.status_code == 302
    assert response["Location"] == reverse("cases:evaluation_list")
    user = get_user_model().objects.get(username="j.jansen")
    assert int(client.session["_auth_user_id"]) == user.pk
    assert client.session["_auth_user_backend"] == "accounts.oidc.Backend"
    assert not user.has_usable_password()
    assert (user.first_name, user.email) == ("Jan", "j.jansen@noord.example")
    membership = Membership.objects.get(user=user)
    assert (membership.organisation, membership.role) == (organisation, Role.NOTULIST)
    identity = ExternalIdentity.objects.get(user=user)
    assert (identity.issuer, identity.subject) == (provider.issuer, "gemeente-123")
    assert identity.last_login_at is not None
    # The endpoints came from the discovery document, read once.
    assert provider.requests.count("/.well-known/openid-configuration") == 1


def test_it_finds_the_same_account_by_sub_when_the_username_changed(client, provider):
    noord_user(provider)
    sign_in(client, provider)
    first = get_user_model().objects.get(username="j.jansen")
    client.logout()
    noord_user(provider, preferred_username="jan.jansen")
    response = sign_in(client, provider)
    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == first.pk
    assert not get_user_model().objects.filter(username="jan.jansen").exists()
    assert ExternalIdentity.objects.count() == 1


def test_it_goes_to_the_page_asked_for(client, provider):
    noord_user(provider)
    response = sign_in(client, provider, "?next=/prijslijsten/")
    assert response["Location"] == "/prijslijsten/"


def test_it_does_not_take_over_a_local_account_with_the_same_name(
    client, provider, beleidsmedewerker
):
    noord_user(provider, preferred_username="beleid")
    sign_in(client, provider)
    user = get_user_model().objects.get(pk=client.session["_auth_user_id"])
    assert user != beleidsmedewerker
    assert user.username == "beleid-2"
    assert not beleidsmedewerker.external_identities.exists()


def test_it_links_a_local_member_by_username_when_configured_and_keeps_their_role(
    client, provider, settings, beleidsmedewerker, organisation
):
    settings.OIDC_LINK_BY_USERNAME = True
    noord_user(provider, preferred_username="beleid")  # the mapping would say notulist
    sign_in(client, provider)
    assert int(client.session["_auth_user_id"]) == beleidsmedewerker.pk
    assert beleidsmedewerker.external_identities.get().subject == "gemeente-123"
    role = Membership.objects.get(user=beleidsmedewerker, organisation=organisation).role
    assert role == Role.BELEIDSMEDEWERKER


def test_it_links_no_account_outside_the_mapped_organisation(client, provider, settings, outsider):
    settings.OIDC_LINK_BY_USERNAME = True
    noord_user(provider, preferred_username="buitenstaander")
    sign_in(client, provider)
    assert int(client.session["_auth_user_id"]) != outsider.pk
    assert not outsider.external_identities.exists()


def test_it_adds_a_newly_mapped_organisation_and_removes_none(
    client, provider, organisation, other_organisation
):
    noord_user(provider)
    sign_in(client, provider)
    client.logout()
    noord_user(provider, organisation=["elders"])
    sign_in(client, provider)
    user = get_user_model().objects.get(username="j.jansen")
    places = {(m.organisation, m.role) for m in user.memberships.all()}
    assert places == {(organisation, Role.NOTULIST), (other_organisation, Role.BELEIDSMEDEWERKER)}


@pytest.mark.parametrize("claims", [{"organisation": "onbekend"}, {}], ids=["unmapped", "none"])
def test_it_refuses_an_organisation_claim_that_maps_to_nothing_and_creates_nothing(
    client, provider, claims
):
    provider.sign_in_as("gemeente-999", preferred_username="p.pietersen", **claims)
    users = get_user_model().objects.count()
    response = sign_in(client, provider)
    assert_refused(client, response, "hoort bij geen organisatie")
    assert get_user_model().objects.count() == users
    assert not ExternalIdentity.objects.exists()


def test_it_refuses_a_new_account_when_creating_is_off(client, provider, settings):
    settings.OIDC_CREATE_USER = False
    noord_user(provider)
    response = sign_in(client, provider)
    assert_refused(client, response, "nog geen account voor u")
    assert not get_user_model().objects.filter(username="j.jansen").exists()


@pytest.mark.parametrize(
    "spoil", ["other_key", "unknown_kid", "audience", "expired", "issuer", "userinfo", "grant"]
)
def test_it_refuses_a_token_that_does_not_verify(client, provider, spoil):
    provider.spoil = spoil
    noord_user(provider)
    response = sign_in(client, provider)
    assert_refused(client, response, "niet gelukt")
    assert not get_user_model().objects.filter(username="j.jansen").exists()


def test_it_refuses_a_wrong_state_before_asking_for_a_token(client, provider):
    noord_user(provider)

    def other_state(url):
        parts = urlsplit(url)
        query = {key: values[0] for key, values in parse_qs(parts.query).items()}
        return f"{parts.path}?{urlencode({**query, 'state': 'een-andere-state'})}"

    response = sign_in(client, provider, tamper=other_state)
    assert_refused(client, response, "niet gelukt")
    assert "/token" not in provider.requests


def test_it_refuses_when_the_provider_says_no(client, provider):
    client.get(reverse("oidc_authentication_init"))
    state = next(iter(client.session["oidc_states"]))
    response = client.get(
        reverse("oidc_authentication_callback"), {"error": "access_denied", "state": state}
    )
    assert_refused(client, response, "niet gelukt")


def test_it_says_so_when_the_provider_cannot_be_reached(client, provider):
    provider.stop()
    response = client.get(reverse("oidc_authentication_init"))
    assert_refused(client, response, "niet bereikbaar")


def test_it_refuses_an_account_that_was_switched_off(client, provider, other_organisation):
    noord_user(provider)
    sign_in(client, provider)
    client.logout()
    get_user_model().objects.filter(username="j.jansen").update(is_active=False)
    noord_user(provider, organisation=["noord", "elders"])
    response = sign_in(client, provider)
    assert_refused(client, response, "Uw account in de Effectencalculator staat uit")
    assert not Membership.objects.filter(organisation=other_organisation).exists()


def test_it_shows_a_user_of_another_organisation_none_of_the_first_ones_evaluations(
    client, provider, evaluation
):
    provider.sign_in_as("elders-7", preferred_username="e.elders", organisation="elders")
    sign_in(client, provider)
    assert "_auth_user_id" in client.session
    detail = client.get(reverse("cases:evaluation_detail", args=[evaluation.slug]))
    assert detail.status_code == 404
    listing = client.get(reverse("cases:evaluation_list"))
    assert listing.status_code == 200
    assert evaluation.title not in listing.content.decode()


def test_it_signs_out_here_and_at_the_provider(client, provider):
    noord_user(provider)
    sign_in(client, provider)
    assert provider.sessions == {"gemeente-123"}
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert response["Location"].startswith(f"{provider.issuer}/end_session?")
    assert "_auth_user_id" not in client.session
    status, back = visit(response["Location"])
    assert (status, back) == (302, "http://testserver/inloggen/")
    assert provider.sessions == set()
    assert provider.ended == ["gemeente-123"]


def test_it_signs_out_here_only_when_the_provider_has_no_end_session(client, settings, db):
    oidc._discovered.clear()
    provider = Provider(with_end_session=False).start()
    try:
        for name, value in provider.settings(OIDC_ORGANISATIONS={"x": "x"}).items():
            setattr(settings, name, value)
        create_organisation("X", slug="x")
        provider.sign_in_as("s-1", preferred_username="x1", organisation="x")
        sign_in(client, provider)
        response = client.post(reverse("logout"))
    finally:
        provider.stop()
    assert response["Location"] == reverse("login")
    assert "_auth_user_id" not in client.session


def test_it_signs_a_local_user_out_plainly(client, provider, owner):
    client.force_login(owner)
    response = client.post(reverse("logout"))
    assert response["Location"] == reverse("login")
    assert "_auth_user_id" not in client.session
    assert "/end_session" not in provider.requests


@pytest.mark.parametrize(
    "token_claims, verified",
    [
        ({"amr": ["mfa"]}, True),
        ({"amr": ["pwd", "otp"]}, True),
        ({"amr": ["pwd"]}, False),
        ({}, False),
        ({"acr": "urn:gemeente:loa:substantieel"}, True),
        ({"acr": "urn:gemeente:loa:laag"}, False),
    ],
)
def test_it_tells_the_session_whether_the_provider_asked_a_second_factor(
    client, provider, settings, token_claims, verified
):
    settings.OIDC_MFA_ACR_VALUES = ["urn:gemeente:loa:substantieel"]
    noord_user(provider, **token_claims)
    sign_in(client, provider)
    assert client.session[oidc.SECOND_FACTOR_BY_PROVIDER] is verified


def test_it_shows_the_button_beside_the_local_form(client, provider, settings):
    settings.OIDC_LOGIN_LABEL = "Inloggen met het account van de gemeente"
    html = client.get(reverse("login") + "?next=/prijslijsten/").content.decode()
    assert "Inloggen met het account van de gemeente" in html
    assert f'href="{reverse("oidc_authentication_init")}?next=/prijslijsten/"' in html
    assert 'name="password"' in html


def test_it_is_absent_until_configured(client, db):
    assert "oidc/inloggen" not in client.get(reverse("login")).content.decode()
    assert client.get(reverse("oidc_authentication_init")).status_code == 404
    assert client.get(reverse("oidc_authentication_callback")).status_code == 404


def test_it_reads_the_organisation_mapping_from_the_environment(monkeypatch):
    monkeypatch.setenv("OIDC_ORGANISATIONS", "noord=adviesbureau-noord:notulist, elders=elders")
    assert envmapping("OIDC_ORGANISATIONS") == {
        "noord": "adviesbureau-noord:notulist",
        "elders": "elders",
    }
    # LDAP groups hold commas and "=": written as JSON.
    monkeypatch.setenv("OIDC_ORGANISATIONS", '{"cn=stein,ou=groepen": "stein"}')
    assert envmapping("OIDC_ORGANISATIONS") == {"cn=stein,ou=groepen": "stein"}


def test_it_refuses_an_unknown_role_or_organisation_in_the_mapping(client, provider, settings):
    settings.OIDC_ORGANISATIONS = {"noord": "adviesbureau-noord:baas", "zuid": "bestaat-niet"}
    for organisation in ("noord", "zuid"):
        noord_user(provider, organisation=organisation)
        assert_refused(client, sign_in(client, provider), "niet goed ingesteld")
    assert not get_user_model().objects.filter(username="j.jansen").exists()
