"""What the pages need to know of single sign-on without loading it.

The flow itself (``accounts.oidc``) imports requests, PyJWT and cryptography, about 20 MB in
every web worker; the URL configuration reaches it through :func:`lazy_view`, so that a worker
loads it only once a request needs it, and never while single sign-on is off.
"""

from functools import cache
from importlib import import_module

from django.conf import settings
from django.contrib.auth import views as auth_views


def enabled() -> bool:
    return bool(getattr(settings, "OIDC_RP_CLIENT_ID", ""))


def sign_in_label() -> str:
    """The button's text on the log-in page, empty when single sign-on is off. Passed to the
    template as a callable so that it is asked on every request (and follows the settings)."""
    return settings.OIDC_LOGIN_LABEL if enabled() else ""


@cache
def _view(name: str):
    return getattr(import_module("accounts.oidc"), name).as_view()


def lazy_view(name: str):
    """The view class ``name`` of accounts.oidc, imported at its first request."""

    def view(request, *args, **kwargs):
        return _view(name)(request, *args, **kwargs)

    view.__name__ = name
    return view


_local_logout = auth_views.LogoutView.as_view()


def sign_out(request, *args, **kwargs):
    """The one log-out: a plain one while single sign-on is off, else also at the provider."""
    if not enabled():
        return _local_logout(request, *args, **kwargs)
    return _view("SignOutView")(request, *args, **kwargs)
