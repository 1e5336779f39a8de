"""Logging in and out, choosing a password (also the one-time link of an invitation), and
the second factor."""

from django.contrib.auth import views as auth_views
from django.urls import path

from accounts import sso, views
from accounts.forms import ThrottledAuthenticationForm

urlpatterns = [
    path(
        "inloggen/",
        auth_views.LoginView.as_view(
            form_class=ThrottledAuthenticationForm,
            # The single-sign-on button (accounts.oidc), asked on every request.
            extra_context={"single_sign_on": sso.sign_in_label},
        ),
        name="login",
    ),
    # Also ends the identity provider's session after a single sign-on (accounts.oidc).
    path("uitloggen/", sso.sign_out, name="logout"),
    path(
        "wachtwoord/",
        auth_views.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "wachtwoord/gewijzigd/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    # The one-time link an invited person follows to choose a password.
    path(
        "wachtwoord-kiezen/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(success_url="/wachtwoord-gekozen/"),
        name="password_reset_confirm",
    ),
    path(
        "wachtwoord-gekozen/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    # Single sign-on (accounts.oidc): 404 for the first two while it is not configured.
    path("oidc/inloggen/", sso.lazy_view("SignInView"), name="oidc_authentication_init"),
    path(
        "oidc/callback/",
        sso.lazy_view("CallbackView"),
        name="oidc_authentication_callback",
    ),
    # Two-factor authentication (accounts.two_factor).
    path("tweestapsverificatie/", views.two_factor_overview, name="two_factor"),
    path("tweestapsverificatie/instellen/", views.two_factor_setup, name="two_factor_setup"),
    path("tweestapsverificatie/code/", views.two_factor_verify, name="two_factor_verify"),
    path("tweestapsverificatie/herstelcodes/", views.recovery_codes, name="two_factor_recovery"),
    path("tweestapsverificatie/uitzetten/", views.two_factor_remove, name="two_factor_remove"),
]
