from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm

from accounts import throttle, two_factor


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


class SecondFactorForm(forms.Form):
    """A code from the authenticator app or a recovery code, checked against the user's
    devices. Failures are counted like failed log-ins (accounts.throttle), under a key of
    their own: slowed down from the third, locked for a while after too many."""

    code = forms.CharField(
        label="Code",
        max_length=40,
        help_text="De zes cijfers die de app nu toont, of een van uw herstelcodes.",
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True}),
    )

    error_messages = {
        "wrong": (
            "Deze code klopt niet. Typ de zes cijfers die de app nu toont, of een herstelcode."
        ),
        "locked": ThrottledAuthenticationForm.error_messages["locked"],
    }

    def __init__(self, user, request, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.user, self.request = user, request
        self.device = None

    def throttle_key(self) -> str:
        # A colon never occurs in a user name, so this cannot collide with a log-in's count.
        return f"tweestaps:{self.user.pk}"

    def clean_code(self):
        code = self.cleaned_data["code"]
        key = self.throttle_key()
        if throttle.is_locked(key):
            raise forms.ValidationError(
                self.error_messages["locked"],
                code="locked",
                params={"minutes": settings.LOGIN_LOCK_MINUTES},
            )
        self.device = two_factor.matching_device(self.user, code)
        if self.device is None:
            throttle.record_failure(key, client_ip(self.request))
            raise forms.ValidationError(self.error_messages["wrong"], code="wrong")
        throttle.clear_failures(key)
        return code


class TotpConfirmForm(forms.Form):
    """The first code from a newly set-up app: proof that the secret arrived in it."""

    code = forms.CharField(
        label="Code uit de app",
        max_length=20,
        help_text="Zes cijfers; de app maakt elke 30 seconden een nieuwe.",
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )

    def __init__(self, device, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.device = device

    def clean_code(self):
        code = self.cleaned_data["code"]
        if not two_factor.confirm_totp_device(self.device, code):
            raise forms.ValidationError(
                "Deze code klopt niet. Controleer of de klok van uw telefoon goed staat en "
                "typ de zes cijfers die de app nu toont."
            )
        return code


def client_ip(request) -> str | None:
    return request.META.get("REMOTE_ADDR") or None
