"""Two-factor authentication: who must use a second factor, and the middleware that sees to it.

A second factor is required for whoever may change what others rely on: an effectencalculateur
(who manages members and price lists) in an organisation or in a single evaluation, wherever
that organisation has :attr:`~accounts.models.Organisation.require_two_factor` on, and every
superuser. Everyone else may set up a device; once they have one, it is asked at sign-in too.

The second factor is an authenticator app (TOTP, ``django_otp.plugins.otp_totp``) with ten
single-use recovery codes (``django_otp.plugins.otp_static``) for when the phone is lost. A
sign-in through single sign-on counts as verified when the identity provider said it did
multi-factor itself: the single-sign-on code then sets :data:`BY_PROVIDER` in the session.
"""

import time
from base64 import b32encode
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.db import transaction
from django.http import HttpResponseRedirect
from django.urls import Resolver404, resolve, reverse
from django_htmx.http import HttpResponseClientRedirect
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.access import organisations
from accounts.models import CHAIRS, Role

# Set by the single-sign-on code when the identity provider reported multi-factor (amr/acr).
BY_PROVIDER = "second_factor_by_provider"

RECOVERY_CODE_COUNT = 10
# The session's [when, whether] it must pass a second factor (see _must_pass).
DECISION = "second_factor_needed"

# What a signed-in but unverified user may still reach: signing in and out, the two-factor
# pages that get them verified, choosing a password from an invitation, and the health checks
# (a load balancer is never signed in, but a person trying the URL may be).
EXEMPT_URL_NAMES = frozenset(
    {
        "login",
        "logout",
        "two_factor_setup",
        "two_factor_verify",
        "password_reset_confirm",
        "password_reset_complete",
        "health_live",
        "health_ready",
        # Single sign-on (mozilla-django-oidc): starting another sign-in must stay possible.
        "oidc_authentication_init",
        "oidc_authentication_callback",
        # The API (overview.api) answers a token and never a session: a browser's session
        # neither opens it nor is sent to a second factor by it.
        "overview:api_description",
        "overview:api_evaluations",
        "overview:api_evaluation",
        "overview:api_cases",
    }
)


def is_required(user) -> bool:
    """Whether ``user`` must use a second factor (see the module's docstring)."""
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    if organisations(user, CHAIRS).filter(require_two_factor=True).exists():
        return True
    # The role in one evaluation lives in cases.EvaluationMember, above this layer: asked
    # through the user's reverse relation, so that accounts imports nothing of cases.
    return user.evaluation_roles.filter(
        role=Role.EFFECTENCALCULATEUR, evaluation__organisation__require_two_factor=True
    ).exists()


def totp_device(user, confirmed: bool = True) -> TOTPDevice | None:
    """The user's authenticator app (one per user), confirmed or still being set up."""
    return TOTPDevice.objects.filter(user=user.pk, confirmed=confirmed).first()


def pending_totp_device(user) -> TOTPDevice:
    """The device being set up: the same secret on every visit until a first code confirms
    it, so that a reload does not invalidate what the app has scanned already."""
    device = totp_device(user, confirmed=False)
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Authenticator-app", confirmed=False)
    return device


def secret_for_typing(device: TOTPDevice) -> str:
    """The device's secret in base32, in groups of four, for typing into an app by hand."""
    secret = b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_code_svg(device: TOTPDevice) -> str:
    """The device's ``otpauth://`` address as an inline SVG QR code (no file, no script)."""
    import qrcode
    import qrcode.image.svg

    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage)
    return image.to_string(encoding="unicode")


def normalise_code(code: str) -> str:
    """A code as typed: spaces and dashes left out, recovery codes in lower case."""
    return "".join(code.split()).replace("-", "").lower()


def is_totp_code(code: str) -> bool:
    return code.isdigit() and len(code) == 6


def matching_device(user, code: str):
    """The device that accepts ``code`` (a six-digit app code or a recovery code), or None.

    A recovery code is used up by accepting it (django-otp deletes the token)."""
    code = normalise_code(code)
    with transaction.atomic():
        if is_totp_code(code):
            device = TOTPDevice.objects.select_for_update().filter(user=user.pk, confirmed=True)
        else:
            device = StaticDevice.objects.select_for_update().filter(user=user.pk, confirmed=True)
        device = device.first()
        if device is not None and device.verify_token(code):
            return device
    return None


def confirm_totp_device(device: TOTPDevice, code: str) -> bool:
    """Count the device once a first code from the app matches its secret; an app set up
    before (a lost or replaced phone) stops counting then."""
    code = normalise_code(code)
    if not is_totp_code(code) or not device.verify_token(code):
        return False
    with transaction.atomic():
        TOTPDevice.objects.filter(user=device.user_id).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
    return True


def new_recovery_codes(user) -> list[str]:
    """Ten fresh single-use recovery codes; the old ones stop working. Only the caller sees
    them: they are shown once and cannot be looked up later."""
    with transaction.atomic():
        device, _ = StaticDevice.objects.get_or_create(
            user=user, defaults={"name": "Herstelcodes", "confirmed": True}
        )
        device.token_set.all().delete()
        codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
        StaticToken.objects.bulk_create(StaticToken(device=device, token=c) for c in codes)
    return codes


def recovery_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user.pk, device__confirmed=True).count()


def has_devices(user) -> bool:
    return (
        TOTPDevice.objects.filter(user=user.pk).exists()
        or StaticDevice.objects.filter(user=user.pk).exists()
    )


def remove_devices(user) -> None:
    """Remove the app and the recovery codes (the caller checks it is allowed)."""
    TOTPDevice.objects.filter(user=user.pk).delete()
    StaticDevice.objects.filter(user=user.pk).delete()


def needs_second_factor(user) -> bool:
    """Whether a session of ``user`` must pass a second factor: required, or set up anyway."""
    return totp_device(user) is not None or is_required(user)


def remember_decision(session, user) -> None:
    """Keep :func:`needs_second_factor` in the session: asking it costs queries, and the
    middleware would ask it on every request (a chair's screen polls every second)."""
    session[DECISION] = [time.time(), needs_second_factor(user)]


def _must_pass(request) -> bool:
    """The session's decision, made at sign-in and made again once it is older than
    TWO_FACTOR_RECHECK_SECONDS, so that a new role or an administrator's switch takes effect
    within that time without signing out."""
    decided = request.session.get(DECISION)
    if decided is None or time.time() - decided[0] > settings.TWO_FACTOR_RECHECK_SECONDS:
        remember_decision(request.session, request.user)
        decided = request.session[DECISION]
    return decided[1]


def _decide_at_sign_in(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        remember_decision(request.session, user)


# Every sign-in (the log-in form, single sign-on, a test's force_login) goes through
# django.contrib.auth.login; connected when the accounts app is ready (accounts/apps.py).
def connect_signals() -> None:
    user_logged_in.connect(_decide_at_sign_in, dispatch_uid="accounts.two_factor")


def is_verified(request) -> bool:
    """Whether this session has passed a second factor, here or at the identity provider."""
    return bool(request.session.get(BY_PROVIDER)) or request.user.is_verified()


def _is_exempt(request) -> bool:
    if request.path_info.startswith("/" + settings.STATIC_URL.lstrip("/")):
        return True
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return False
    return match.view_name in EXEMPT_URL_NAMES


def _redirect(request, url_name: str):
    url = f"{reverse(url_name)}?{urlencode({'next': request.get_full_path()})}"
    if request.headers.get("HX-Request") == "true":
        # htmx would swap the set-up page into a fragment; send the whole window instead.
        return HttpResponseClientRedirect(url)
    return HttpResponseRedirect(url)


class TwoFactorMiddleware:
    """Sends a signed-in user who must pass a second factor, and has not, to set one up (no
    device yet) or to enter a code (has one). Goes after django-otp's OTPMiddleware, which
    tells ``request.user.is_verified()``. Costs no query for whoever need not pass one."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            user.is_authenticated
            and not _is_exempt(request)
            and _must_pass(request)
            and not is_verified(request)
        ):
            if totp_device(user) is not None:
                return _redirect(request, "two_factor_verify")
            if is_required(user):
                return _redirect(request, "two_factor_setup")
        return self.get_response(request)
