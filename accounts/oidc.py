"""Single sign-on with OpenID Connect (mozilla-django-oidc), beside the local log-in.

Active only when ``OIDC_RP_CLIENT_ID`` is set (settings block "single sign-on"); until then the
sign-in and callback URLs answer 404 and the log-in page shows no button.

Who someone is
    An account is found by the pair (issuer, ``sub``) in :class:`~accounts.models.ExternalIdentity`,
    never by a user name or an e-mail address, which a provider may hand to someone else. A new
    pair gets a new account (``OIDC_CREATE_USER``, on by default): its user name comes from the
    ``OIDC_USERNAME_CLAIM`` claim, made unique, and it has no usable password.

Linking a local account
    Only with ``OIDC_LINK_BY_USERNAME`` on: an existing account whose user name equals the
    username claim exactly, that is already a member of an organisation the sign-in maps to, and
    that has no identity at this issuer yet, is linked instead of a new one being made. Never by
    e-mail address or its domain.

Where they belong
    Only through ``OIDC_ORGANISATIONS``: values of the ``OIDC_ORGANISATION_CLAIM`` claim (a
    string or a list of strings) mapped to an organisation's slug and, after a colon, the role
    there (``"gemeente-stein": "stein:notulist"``; beleidsmedewerker when none is given). A
    sign-in whose claim is missing or maps to nothing is refused in Dutch and creates nothing,
    for a new account and for a known one alike. Mapping adds memberships and never changes
    them: an existing member keeps their role, and a membership the claim no longer backs stays
    (an effectencalculateur or administrator removes it) with a warning in the log.

A second factor from the provider
    When the ID token's ``amr`` names a multi-factor method or its ``acr`` is one of
    ``OIDC_MFA_ACR_VALUES``, the session says so under ``second_factor_by_provider`` (read by
    :mod:`accounts.two_factor`).

The ID token is checked more strictly than the library does on its own: RS256 only, audience
(our client id, with ``azp`` when there are more), issuer, and an ``exp`` that has not passed.
"""

import logging
import re
import time
from urllib.parse import urlencode

import jwt
import requests
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import SuspiciousOperation
from django.db import IntegrityError, transaction
from django.http import Http404
from django.shortcuts import redirect, resolve_url
from django.utils import timezone
from django.views.generic import View
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.utils import import_from_settings
from mozilla_django_oidc.views import (
    OIDCAuthenticationCallbackView,
    OIDCAuthenticationRequestView,
    OIDCLogoutView,
)

from accounts.models import ExternalIdentity, Membership, Organisation, Role
from accounts.sso import enabled

logger = logging.getLogger(__name__)

# The session keys: the provider's ID token (for its sign-out) and whether it did multi-factor.
# (bandit takes the first for a password: it is the name of a key.)
ID_TOKEN = "oidc_id_token"  # nosec B105
SECOND_FACTOR_BY_PROVIDER = "second_factor_by_provider"

# amr values (RFC 8176) that name a factor beside the password or a multi-factor sign-in.
MFA_AMR_VALUES = frozenset(
    {"mfa", "mca", "otp", "hwk", "swk", "sc", "fpt", "face", "iris", "retina", "vbm"}
)

FAILED = (
    "Inloggen met het account van uw organisatie is niet gelukt. Probeer het opnieuw, of log "
    "in met uw gebruikersnaam en wachtwoord."
)
UNREACHABLE = (
    "De inlogdienst van uw organisatie is nu niet bereikbaar. Probeer het later opnieuw, of "
    "log in met uw gebruikersnaam en wachtwoord."
)
MISCONFIGURED = (
    "Inloggen met het account van uw organisatie is hier niet goed ingesteld. Vraag de "
    "beheerder van de Effectencalculator om hulp."
)
NO_ORGANISATION = (
    "Uw account hoort bij geen organisatie die de Effectencalculator met dit account gebruikt; "
    "er is niets aangemaakt. Vraag de beheerder van de Effectencalculator om uw organisatie "
    "toe te voegen."
)
ACCOUNT_OFF = (
    "Uw account in de Effectencalculator staat uit. Vraag de effectencalculateur van uw "
    "organisatie om hulp."
)
NO_ACCOUNT = (
    "Er is in de Effectencalculator nog geen account voor u. Vraag de effectencalculateur van "
    "uw organisatie om een uitnodiging."
)


class SignInRefused(Exception):
    """A sign-in refused for a reason the person should read (in Dutch)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class ProviderUnreachable(Exception):
    """The provider's discovery document could not be read."""


# --- The provider's endpoints: set one by one, or read from its discovery document ---

# The OIDC_OP_<NAME>_ENDPOINT settings → the discovery document's fields (OpenID Connect
# Discovery 1.0). LOGOUT is ours, not the library's. Not a dict literal, because bandit takes
# a "TOKEN" key in one for a password.
DISCOVERED = {
    f"OIDC_OP_{name}_ENDPOINT": field
    for name, field in [
        ("AUTHORIZATION", "authorization_endpoint"),
        ("TOKEN", "token_endpoint"),
        ("USER", "userinfo_endpoint"),
        ("JWKS", "jwks_uri"),
        ("LOGOUT", "end_session_endpoint"),
    ]
}
DISCOVERY_MAX_AGE = 3600  # seconds; providers change endpoints rarely, keys live in the JWKS
_discovered: dict[str, tuple[float, dict]] = {}


def provider_configuration() -> dict:
    """The issuer's discovery document, read at first use and kept for an hour."""
    issuer = settings.OIDC_ISSUER
    cached = _discovered.get(issuer)
    if cached and cached[0] > time.monotonic():
        return cached[1]
    url = issuer.rstrip("/") + "/.well-known/openid-configuration"
    timeout = float(setting("OIDC_TIMEOUT", None) or 10)
    try:
        response = requests.get(
            url,
            timeout=timeout,
            verify=setting("OIDC_VERIFY_SSL", True),
            proxies=setting("OIDC_PROXY", None),
        )
        response.raise_for_status()
        document = response.json()
    except (requests.RequestException, ValueError) as error:
        raise ProviderUnreachable(f"{url}: {error}") from error
    if document.get("issuer") != issuer:
        # A document for another issuer would let its tokens through: refuse it outright.
        raise ProviderUnreachable(f"{url} names issuer {document.get('issuer')!r}")
    _discovered[issuer] = (time.monotonic() + DISCOVERY_MAX_AGE, document)
    return document


def setting(name: str, *default):
    """mozilla-django-oidc's settings, with endpoints left unset taken from discovery."""
    if name in DISCOVERED and not getattr(settings, name, ""):
        value = provider_configuration().get(DISCOVERED[name])
        if value or default:
            return value or default[0]
        raise ProviderUnreachable(f"the discovery document has no {DISCOVERED[name]}")
    return import_from_settings(name, *default)


# --- Who signs in, and where they belong ---


def organisation_places(claims: dict) -> list[tuple[Organisation, Role]]:
    """(organisation, role) for every value of the organisation claim that the configuration
    maps; refuses when there are none. The first value naming an organisation decides its role."""
    value = claims.get(settings.OIDC_ORGANISATION_CLAIM)
    values = [value] if isinstance(value, str) else value if isinstance(value, list) else []
    wanted: dict[str, Role] = {}
    for entry in values:
        target = settings.OIDC_ORGANISATIONS.get(str(entry))
        if not target:
            continue
        slug, _, role = target.partition(":")
        try:
            wanted.setdefault(slug.strip(), Role(role.strip() or Role.BELEIDSMEDEWERKER))
        except ValueError:
            logger.error("OIDC_ORGANISATIONS names an unknown role: %r", target)
            raise SignInRefused(MISCONFIGURED) from None
    if not wanted:
        raise SignInRefused(NO_ORGANISATION)
    found = {org.slug: org for org in Organisation.objects.filter(slug__in=wanted)}
    if missing := sorted(set(wanted) - set(found)):
        logger.error("OIDC_ORGANISATIONS names organisations that do not exist: %s", missing)
        raise SignInRefused(MISCONFIGURED)
    return [(found[slug], role) for slug, role in wanted.items()]


def join(user, places: list[tuple[Organisation, Role]]) -> None:
    """Add the memberships the sign-in maps to; existing ones keep their role."""
    for organisation, role in places:
        Membership.objects.get_or_create(
            organisation=organisation, user=user, defaults={"role": role}
        )
    mapped = {target.partition(":")[0].strip() for target in settings.OIDC_ORGANISATIONS.values()}
    backed = {organisation.slug for organisation, _ in places}
    stale = user.memberships.filter(organisation__slug__in=mapped - backed)
    for membership in stale.select_related("organisation"):
        # Not removed here: a person moving on is for a person to decide, not for a claim.
        logger.warning(
            "%s signed in without the claim for %s, and is still a member there",
            user,
            membership.organisation.slug,
        )


def second_factor_by_provider(payload: dict) -> bool:
    """Whether the ID token says the provider asked a second factor itself."""
    amr = payload.get("amr") or []
    methods = {amr} if isinstance(amr, str) else {str(method) for method in amr}
    if methods & MFA_AMR_VALUES:
        return True
    acr = payload.get("acr")
    return acr is not None and str(acr) in settings.OIDC_MFA_ACR_VALUES


def unique_username(wanted: str) -> str:
    """``wanted`` reduced to what Django accepts in a user name, with a number when taken."""
    users = get_user_model().objects
    base = re.sub(r"[^\w.@+-]", "", wanted)[:140] or "sso"
    candidate, number = base, 1
    while users.filter(username__iexact=candidate).exists():
        number += 1
        candidate = f"{base}-{number}"
    return candidate


class Backend(OIDCAuthenticationBackend):
    """mozilla-django-oidc's backend, finding accounts by (issuer, sub) (see the module)."""

    def __init__(self, *args, **kwargs):
        # The library reads the endpoints here, but Django builds every backend for every
        # local log-in and every request of a signed-in user: discovery waits for a sign-in.
        self.UserModel = get_user_model()

    get_settings = staticmethod(setting)

    def authenticate(self, request, **kwargs):
        # Only the callback passes a nonce; a local log-in (username, password) is not ours.
        if request is None or "nonce" not in kwargs or not enabled():
            return None
        try:
            for name in ("OIDC_OP_TOKEN_ENDPOINT", "OIDC_OP_JWKS_ENDPOINT"):
                setattr(self, name, setting(name))
            self.OIDC_OP_USER_ENDPOINT = setting("OIDC_OP_USER_ENDPOINT", None)
        except ProviderUnreachable:
            logger.exception("OpenID Connect discovery failed")
            raise SignInRefused(UNREACHABLE) from None
        self.OIDC_RP_CLIENT_ID = settings.OIDC_RP_CLIENT_ID
        self.OIDC_RP_CLIENT_SECRET = settings.OIDC_RP_CLIENT_SECRET
        self.OIDC_RP_SIGN_ALGO = settings.OIDC_RP_SIGN_ALGO
        self.OIDC_RP_IDP_SIGN_KEY = None
        return super().authenticate(request, **kwargs)

    def verify_token(self, token, **kwargs):
        try:
            return super().verify_token(token, **kwargs)
        except (jwt.PyJWTError, KeyError, ValueError) as error:
            # A token without a kid, a JWKS the library cannot read: refused, not a 500.
            raise SuspiciousOperation(f"ID token refused: {error!r}") from error

    def _verify_jws(self, payload, key):
        # The library leaves out the audience and the issuer; both are checked here.
        try:
            algorithm = jwt.get_unverified_header(payload).get("alg")
            if algorithm != self.OIDC_RP_SIGN_ALGO:
                raise SuspiciousOperation(f"ID token signed with {algorithm!r}")
            claims = jwt.decode(
                payload,
                key,
                algorithms=[self.OIDC_RP_SIGN_ALGO],
                audience=self.OIDC_RP_CLIENT_ID,
                issuer=settings.OIDC_ISSUER,
                leeway=60,
                options={"require": ["exp", "iat", "iss", "aud", "sub"]},
            )
        except jwt.PyJWTError as error:
            raise SuspiciousOperation(f"ID token refused: {error}") from error
        audience = claims["aud"]
        several = isinstance(audience, list) and len(audience) > 1
        if several and claims.get("azp") != self.OIDC_RP_CLIENT_ID:
            raise SuspiciousOperation("ID token for several audiences without our azp")
        return claims

    def get_userinfo(self, access_token, id_token, payload):
        if not self.OIDC_OP_USER_ENDPOINT:
            return {}
        info = super().get_userinfo(access_token, id_token, payload)
        if info.get("sub") != payload.get("sub"):
            raise SuspiciousOperation("userinfo is about someone else than the ID token")
        return info

    def get_or_create_user(self, access_token, id_token, payload):
        # The signed ID token wins over userinfo where both say something.
        claims = {**self.get_userinfo(access_token, id_token, payload), **payload}
        issuer, subject = claims["iss"], str(claims["sub"])
        places = organisation_places(claims)
        try:
            with transaction.atomic():
                identity = (
                    ExternalIdentity.objects.select_related("user")
                    .filter(issuer=issuer, subject=subject)
                    .first()
                )
                if identity is None:
                    user = self.linked_account(claims, places) or self.new_account(claims)
                    identity = ExternalIdentity(user=user, issuer=issuer, subject=subject)
                elif not identity.user.is_active:
                    raise SignInRefused(ACCOUNT_OFF)
                identity.last_login_at = timezone.now()
                identity.save()
                join(identity.user, places)
        except IntegrityError:
            # The same first sign-in twice at once (two tabs): the other one made the account,
            # and trying again finds it.
            logger.warning("OpenID Connect sign-in of %s at %s raced another", subject, issuer)
            raise SignInRefused(FAILED) from None
        user = identity.user
        # For the callback view, which writes them into the session after log-in.
        user.oidc_id_token = id_token
        user.second_factor_by_provider = second_factor_by_provider(payload)
        return user

    def linked_account(self, claims: dict, places):
        """The local account this first sign-in links to, when configured (see the module)."""
        username = claims.get(settings.OIDC_USERNAME_CLAIM)
        if not (settings.OIDC_LINK_BY_USERNAME and isinstance(username, str) and username):
            return None
        return (
            self.UserModel.objects.filter(
                username=username,
                memberships__organisation__in=[organisation for organisation, _ in places],
            )
            .exclude(external_identities__issuer=claims["iss"])
            .distinct()
            .first()
        )

    def new_account(self, claims: dict):
        if not setting("OIDC_CREATE_USER", True):
            raise SignInRefused(NO_ACCOUNT)
        wanted = claims.get(settings.OIDC_USERNAME_CLAIM)
        user = self.UserModel(
            username=unique_username(wanted if isinstance(wanted, str) else ""),
            email=str(claims.get("email") or ""),
            first_name=str(claims.get("given_name") or "")[:150],
            last_name=str(claims.get("family_name") or "")[:150],
        )
        user.set_unusable_password()
        user.save()
        return user

    def get_user(self, user_id):
        # The library's own version lets an inactive account keep its session.
        return ModelBackend.get_user(self, user_id)


# --- The views ---


def refused(request, message: str):
    """Back to the log-in page, with the reason in Dutch."""
    messages.error(request, message)
    return redirect("login")


class SignInView(OIDCAuthenticationRequestView):
    """Sends the browser to the provider (state, nonce and PKCE kept in the session)."""

    get_settings = staticmethod(setting)

    def __init__(self, **kwargs):
        # The library reads the endpoints here, before dispatch could answer a failure.
        View.__init__(self, **kwargs)

    def dispatch(self, request, *args, **kwargs):
        if not enabled():
            raise Http404
        try:
            self.OIDC_OP_AUTH_ENDPOINT = setting("OIDC_OP_AUTHORIZATION_ENDPOINT")
        except ProviderUnreachable:
            logger.exception("OpenID Connect discovery failed")
            return refused(request, UNREACHABLE)
        self.OIDC_RP_CLIENT_ID = settings.OIDC_RP_CLIENT_ID
        return super().dispatch(request, *args, **kwargs)


class CallbackView(OIDCAuthenticationCallbackView):
    """Where the provider sends the browser back; every refusal ends on the log-in page."""

    get_settings = staticmethod(setting)

    def dispatch(self, request, *args, **kwargs):
        if not enabled():
            raise Http404
        try:
            return super().dispatch(request, *args, **kwargs)
        except SignInRefused as refusal:
            return refused(request, refusal.message)
        except SuspiciousOperation as error:  # a wrong state, a token that does not verify
            logger.warning("OpenID Connect sign-in refused: %s", error)
            return refused(request, FAILED)
        except requests.HTTPError as error:  # the provider answered, and said no
            logger.warning("OpenID Connect provider refused: %s", error)
            return refused(request, FAILED)
        except requests.RequestException:
            logger.exception("OpenID Connect provider did not answer")
            return refused(request, UNREACHABLE)

    def login_failure(self):
        return refused(self.request, FAILED)

    def login_success(self):
        response = super().login_success()
        # After auth.login, which may have emptied the session of someone signed in before.
        session = self.request.session
        session[ID_TOKEN] = self.user.oidc_id_token
        session[SECOND_FACTOR_BY_PROVIDER] = self.user.second_factor_by_provider
        return response


class SignOutView(OIDCLogoutView):
    """Logs out here, and at the provider too when the session came from it and the provider
    has an end_session_endpoint (``OIDC_OP_LOGOUT_URL_METHOD``). Works without single sign-on
    as a plain log-out, so that one button can serve everyone."""

    http_method_names = ["post"]
    get_settings = staticmethod(setting)


def provider_logout_url(request) -> str:
    """Where the browser goes on sign-out: the provider's end_session_endpoint (RP-initiated
    logout) with the way back to our log-in page, or straight to that page."""
    local = resolve_url(settings.LOGOUT_REDIRECT_URL)
    id_token = request.session.get(ID_TOKEN)
    if not (enabled() and id_token):
        return local
    try:
        endpoint = setting("OIDC_OP_LOGOUT_ENDPOINT", "")
    except ProviderUnreachable:
        logger.exception("OpenID Connect discovery failed at sign-out")
        return local
    if not endpoint:
        return local
    query = urlencode(
        {
            "id_token_hint": id_token,
            "post_logout_redirect_uri": request.build_absolute_uri(local),
            "client_id": settings.OIDC_RP_CLIENT_ID,
        }
    )
    return f"{endpoint}{'&' if '?' in endpoint else '?'}{query}"
