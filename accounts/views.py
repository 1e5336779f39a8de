"""The two-factor pages: set up an authenticator app, enter a code at sign-in, recovery codes,
and an overview to see or remove one's device. The rules are in :mod:`accounts.two_factor`."""

from urllib.parse import urlencode

import django_otp
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django_otp.plugins.otp_static.models import StaticDevice

from accounts import two_factor
from accounts.forms import SecondFactorForm, TotpConfirmForm


def _next_url(request) -> str:
    """Where to go once verified: the page the user asked for, if it is on this site."""
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return wanted
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def _with_next(url_name: str, next_url: str) -> str:
    return f"{reverse(url_name)}?{urlencode({'next': next_url})}"


def _mark_verified(request, device) -> None:
    # A new session key for the raised trust, as Django does at log-in.
    request.session.cycle_key()
    django_otp.login(request, device)


@login_required
@never_cache
def two_factor_overview(request):
    user = request.user
    return render(
        request,
        "accounts/two_factor.html",
        {
            "device": two_factor.totp_device(user),
            "required": two_factor.is_required(user),
            "codes_left": two_factor.recovery_codes_left(user),
            "by_provider": bool(request.session.get(two_factor.BY_PROVIDER)),
        },
    )


@login_required
@never_cache
def two_factor_setup(request):
    """Show a new secret (QR code and typed) and count it once a first code matches. Also
    replaces the app of a verified user (a new phone)."""
    user, next_url = request.user, _next_url(request)
    if two_factor.totp_device(user) is not None and not two_factor.is_verified(request):
        # Whoever knows only the password may not add an app to an account that has one.
        return redirect(_with_next("two_factor_verify", next_url))
    device = two_factor.pending_totp_device(user)
    form = TotpConfirmForm(device, request.POST or None)
    if request.method == "POST" and form.is_valid():
        _mark_verified(request, device)
        return render(
            request,
            "accounts/recovery_codes.html",
            {"codes": two_factor.new_recovery_codes(user), "next": next_url, "first": True},
        )
    return render(
        request,
        "accounts/two_factor_setup.html",
        {
            "form": form,
            "qr_code": two_factor.qr_code_svg(device),
            "secret": two_factor.secret_for_typing(device),
            "required": two_factor.is_required(user),
            "next": next_url,
        },
    )


@login_required
@never_cache
def two_factor_verify(request):
    """The second step of signing in: a code from the app or a recovery code."""
    user, next_url = request.user, _next_url(request)
    if two_factor.is_verified(request):
        return redirect(next_url)
    if two_factor.totp_device(user) is None:
        return redirect(_with_next("two_factor_setup", next_url))
    form = SecondFactorForm(user, request, request.POST or None)
    if request.method == "POST" and form.is_valid():
        _mark_verified(request, form.device)
        if isinstance(form.device, StaticDevice):
            left = two_factor.recovery_codes_left(user)
            messages.warning(
                request,
                f"U hebt een herstelcode gebruikt; er zijn er nog {left}. "
                "Maak nieuwe codes of stel een nieuwe app in via Tweestapsverificatie.",
            )
        return redirect(next_url)
    return render(request, "accounts/two_factor_verify.html", {"form": form, "next": next_url})


@login_required
@never_cache
def recovery_codes(request):
    """New recovery codes, after a fresh code: whoever finds an open session cannot take them."""
    user = request.user
    if two_factor.totp_device(user) is None:
        return redirect(_with_next("two_factor_setup", reverse("two_factor")))
    form = SecondFactorForm(user, request, request.POST or None)
    if request.method == "POST" and form.is_valid():
        return render(
            request,
            "accounts/recovery_codes.html",
            {"codes": two_factor.new_recovery_codes(user), "next": reverse("two_factor")},
        )
    return render(
        request,
        "accounts/recovery_codes_new.html",
        {"form": form, "codes_left": two_factor.recovery_codes_left(user)},
    )


@login_required
@require_POST
def two_factor_remove(request):
    user = request.user
    if two_factor.is_required(user):
        messages.error(
            request,
            "Tweestapsverificatie is voor u verplicht en kan niet uit. "
            "U kunt wel een nieuwe app instellen.",
        )
    else:
        two_factor.remove_devices(user)
        request.session.pop(django_otp.DEVICE_ID_SESSION_KEY, None)
        two_factor.remember_decision(request.session, user)
        messages.success(request, "Tweestapsverificatie staat uit; de herstelcodes zijn vervallen.")
    return redirect("two_factor")
