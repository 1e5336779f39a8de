"""Logging in and out, and choosing a password (also the one-time link of an invitation)."""

from django.contrib.auth import views as auth_views
from django.urls import path

from accounts.forms import ThrottledAuthenticationForm

urlpatterns = [
    path(
        "inloggen/",
        auth_views.LoginView.as_view(form_class=ThrottledAuthenticationForm),
        name="login",
    ),
    path("uitloggen/", auth_views.LogoutView.as_view(), name="logout"),
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
]
