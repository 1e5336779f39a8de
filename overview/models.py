"""The API's tokens: a gemeente's own dashboard reads the organisation's evaluations with one.

Only a SHA-256 hash of the secret is stored: the secret is shown once, when it is issued, and
a database copy cannot be used to call the API. A plain hash suffices (no Argon2) because the
secret is 256 random bits, not something a person chose; its first characters (the prefix)
are kept in the clear so that the token screen and the access log can tell tokens apart.
"""

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone

from accounts.models import Organisation

# A public prefix, not a secret: it makes a leaked secret recognisable to scanners and people.
SECRET_START = "ec_"  # nosec B105
PREFIX_LENGTH = len(SECRET_START) + 8


def secret_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


class ApiTokenQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True)


class ApiToken(models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(
        "naam", max_length=100, help_text="Waarvoor het token dient, bijvoorbeeld ‘Dashboard’."
    )
    prefix = models.CharField("begin", max_length=PREFIX_LENGTH, editable=False)
    hash = models.CharField(max_length=64, unique=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField("aangemaakt", auto_now_add=True)
    last_used_at = models.DateTimeField("laatst gebruikt", null=True, blank=True)
    revoked_at = models.DateTimeField("ingetrokken", null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = "API-token"
        verbose_name_plural = "API-tokens"
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @classmethod
    def issue(cls, user, organisation, name: str) -> tuple["ApiToken", str]:
        """A new token and its secret, which is not stored and cannot be shown again."""
        secret = SECRET_START + secrets.token_urlsafe(32)
        token = cls.objects.create(
            organisation=organisation,
            name=name,
            prefix=secret[:PREFIX_LENGTH],
            hash=secret_hash(secret),
            created_by=user,
        )
        return token, secret

    @classmethod
    def find(cls, secret: str) -> "ApiToken | None":
        """The unrevoked token of ``secret``, or None."""
        if not secret.startswith(SECRET_START):
            return None
        return (
            cls.objects.active().select_related("organisation").filter(hash=secret_hash(secret))
        ).first()

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    def revoke(self) -> None:
        if self.revoked_at is None:
            self.revoked_at = timezone.now()
            self.save(update_fields=["revoked_at"])

    def mark_used(self) -> None:
        """At most one write a minute, so that a dashboard polling every few seconds does
        not write on every request."""
        now = timezone.now()
        if self.last_used_at is None or (now - self.last_used_at).total_seconds() >= 60:
            ApiToken.objects.filter(pk=self.pk).update(last_used_at=now)
            self.last_used_at = now
