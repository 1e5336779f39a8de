from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm

from accounts import throttle


class ThrottledAuthenticationForm(AuthenticationForm):
    """Django's log-in form, slowed down after failures and locked after too many."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": "Gebruikersnaam en wachtwoord horen niet bij elkaar. Let op hoofdletters.",
        "locked": (
            "Te veel mislukte pogingen om in te loggen. Probeer het over %(minutes)s minuten "
            "opnieuw, of vraag de effectencalculateur van uw organisatie om hulp."
        ),
    }

    def clean(self):
        username = self.cleaned_data.get("username") or ""
        if username and throttle.is_locked(username):
            raise forms.ValidationError(
                self.error_messages["locked"],
                code="locked",
                params={"minutes": settings.LOGIN_LOCK_MINUTES},
            )
        try:
            cleaned = super().clean()
        except forms.ValidationError:
            if username:
                throttle.record_failure(username, self.request and client_ip(self.request))
            raise
        throttle.clear_failures(username)
        return cleaned


def client_ip(request) -> str | None:
    return request.META.get("REMOTE_ADDR") or None
