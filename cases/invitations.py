"""Inviting people into an evaluation and removing them again.

An invitation gives a person a role in one evaluation, and access to that evaluation only:
it does not make them a member of the organisation, whose other evaluations stay closed.
Someone without an account gets one, with no usable password and a one-time link to choose
it; the effectencalculateur receives the link to pass on (and it is e-mailed when mail is
set up).
"""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.db import transaction
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from cases.access import chairs
from cases.models import EvaluationMember
from history.models import Action
from history.recorder import record_change, snapshot


@dataclass(frozen=True)
class Invitation:
    member: EvaluationMember
    new_account: bool
    password_link: str  # a path; empty when the person already has an account


class MemberError(Exception):
    pass


def password_link(user) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return reverse("password_reset_confirm", args=[uid, token])


def invite(evaluation, email: str, name: str, role: str, by) -> Invitation:
    User = get_user_model()
    email = email.strip().lower()
    with transaction.atomic():
        user = User.objects.filter(email__iexact=email).first()
        new_account = user is None
        if new_account:
            user = User.objects.create_user(username=email, email=email, first_name=name)
            user.set_unusable_password()
            user.save()
        member = EvaluationMember.objects.filter(evaluation=evaluation, user=user).first()
        before = snapshot(member) if member else None
        member, _ = EvaluationMember.objects.update_or_create(
            evaluation=evaluation, user=user, defaults={"role": role}
        )
        record_change(by, member, Action.UPDATE if before else Action.CREATE, before=before)
    return Invitation(member, new_account, password_link(user) if new_account else "")


def remove(member: EvaluationMember, by) -> None:
    """Take away the person's role in this evaluation; never the last effectencalculateur's."""
    if {person.user.pk for person in chairs(member.evaluation)} == {member.user_id}:
        raise MemberError(
            "Een evaluatie houdt altijd minstens één effectencalculateur. "
            "Nodig eerst een andere effectencalculateur uit."
        )
    with transaction.atomic():
        record_change(by, member, Action.DELETE, before=snapshot(member))
        member.delete()
