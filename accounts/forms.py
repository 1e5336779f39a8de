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


class OrganisationUploadForm(forms.Form):
    """An upload into one of the user's organisations (a select only when there is a choice).
    Subclasses add the file field and call :meth:`checked_upload` from its ``clean_*``."""

    organisation = forms.ModelChoiceField(label="Organisatie", queryset=None, empty_label=None)

    def __init__(self, organisations, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        if len(organisations) == 1:
            # Nothing to choose: the one organisation is sent along unseen.
            self.fields["organisation"].initial = organisations[0]
            self.fields["organisation"].widget = forms.HiddenInput()

    @staticmethod
    def checked_upload(upload, suffixes: tuple[str, ...], wrong_type: str):
        """Refuse a file of the wrong kind or over the size limit before anything reads it."""
        if not upload.name.lower().endswith(suffixes):
            raise forms.ValidationError(wrong_type)
        if upload.size > settings.WORKBOOK_MAX_BYTES:
            limit = settings.WORKBOOK_MAX_BYTES // (1024 * 1024)
            raise forms.ValidationError(f"Het bestand is te groot (hoogstens {limit} MB).")
        return upload


def client_ip(request) -> str | None:
    return request.META.get("REMOTE_ADDR") or None
