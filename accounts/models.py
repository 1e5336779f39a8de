"""Organisations and the people in them.

An evaluation belongs to one organisation and is visible only to that organisation's members.
What a member may do inside an evaluation is their :class:`Role` there.
"""

from dataclasses import dataclass

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models


class Role(models.TextChoices):
    EFFECTENCALCULATEUR = "effectencalculateur", "Effectencalculateur"
    NOTULIST = "notulist", "Notulist"
    BELEIDSMEDEWERKER = "beleidsmedewerker", "Beleidsmedewerker"


@dataclass(frozen=True)
class RoleSet:
    """Who may do something, with the Dutch refusal for everyone else."""

    roles: frozenset[Role]
    refusal: str

    def __contains__(self, role) -> bool:
        return role in self.roles


# The named role sets every access check uses (accounts.access.get_with_role).
READERS = RoleSet(frozenset(Role), "U hebt geen toegang.")
EDITORS = RoleSet(
    frozenset({Role.EFFECTENCALCULATEUR, Role.NOTULIST}),
    "Alleen de effectencalculateur en de notulist mogen dit wijzigen.",
)
CHAIRS = RoleSet(
    frozenset({Role.EFFECTENCALCULATEUR}), "Alleen een effectencalculateur mag dit doen."
)


def permissions(role) -> dict[str, bool]:
    """What a template may offer: ``may_edit`` (the timeline), ``may_chair`` (everything an
    effectencalculateur does). Templates get these booleans, never a role."""
    return {"may_edit": role in EDITORS, "may_chair": role in CHAIRS}


class RetentionAction(models.TextChoices):
    ANONYMISE = "anonimiseren", "anonimiseren (cijfers blijven, tekst verdwijnt)"
    DELETE = "verwijderen", "verwijderen"


class Organisation(models.Model):
    name = models.CharField("naam", max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # Two-factor authentication (accounts.two_factor): required for everyone who chairs or
    # manages members or price lists, unless an administrator switches it off here.
    require_two_factor = models.BooleanField(
        "tweestapsverificatie verplicht",
        default=True,
        help_text="Alleen een beheerder kan dit uitzetten.",
    )
    # Retention under the AVG (cases.retention): how long an evaluation is kept after its
    # last change when it sets no period of its own, and what happens after it.
    retention_months = models.PositiveSmallIntegerField(
        "bewaartermijn van evaluaties (maanden)",
        default=36,
        validators=[MinValueValidator(1)],
        help_text="Na de laatste wijziging; een evaluatie kan een eigen termijn hebben.",
    )
    retention_action = models.CharField(
        "na de bewaartermijn",
        max_length=20,
        choices=RetentionAction.choices,
        default=RetentionAction.ANONYMISE,
    )
    access_log_retention_months = models.PositiveSmallIntegerField(
        "bewaartermijn van de toegangslog (maanden)",
        default=24,
        validators=[MinValueValidator(1)],
    )

    class Meta:
        verbose_name = "organisatie"
        verbose_name_plural = "organisaties"
        ordering = ["name"]

    def __str__(self):
        return self.name


class Membership(models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(
        "standaardrol",
        max_length=30,
        choices=Role.choices,
        default=Role.BELEIDSMEDEWERKER,
        help_text="De rol in evaluaties waarin geen andere rol is gegeven.",
    )

    class Meta:
        verbose_name = "lidmaatschap"
        verbose_name_plural = "lidmaatschappen"
        constraints = [
            models.UniqueConstraint(fields=["organisation", "user"], name="one_membership_per_org")
        ]

    def __str__(self):
        return f"{self.user} in {self.organisation} ({self.get_role_display()})"


class LoginFailure(models.Model):
    """A failed log-in, kept for a while to slow down and lock out password guessing."""

    username = models.CharField(max_length=150, db_index=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = "mislukte inlogpoging"
        verbose_name_plural = "mislukte inlogpogingen"

    def __str__(self):
        return f"{self.username} {self.at:%Y-%m-%d %H:%M}"


class ExternalIdentity(models.Model):
    """An account's identity at an OpenID Connect provider: the issuer and its ``sub``.

    An account signing in through single sign-on is found by this pair, never by a name or an
    e-mail address that the provider could hand to someone else."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="external_identities"
    )
    issuer = models.CharField("uitgever", max_length=255)
    subject = models.CharField("kenmerk (sub)", max_length=255)
    created_at = models.DateTimeField(auto_now_add=True)
    last_login_at = models.DateTimeField("laatst ingelogd", null=True, blank=True)

    class Meta:
        verbose_name = "externe identiteit"
        verbose_name_plural = "externe identiteiten"
        constraints = [
            models.UniqueConstraint(fields=["issuer", "subject"], name="one_account_per_identity")
        ]

    def __str__(self):
        return f"{self.user} bij {self.issuer}"
