"""Who may see and change an evaluation, its cases and their items.

A user's role in an evaluation is their role in that evaluation (an invitation, or the role
the chair gave them there), else their organisation's default role; without either they have
none and get a 404. The one query that reads it is :func:`with_role`; everything here
hands it to :func:`accounts.access.get_with_role`, which returns the object and the role or
refuses. :func:`people` answers the same question for everyone at once.
"""

from dataclasses import dataclass

from django.db.models import F, FilteredRelation, Q
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404

from accounts.access import get_with_role
from accounts.models import CHAIRS, EDITORS, READERS, Role, RoleSet
from cases.models import Case, Evaluation, EvaluationMember, TimelineItem


def with_role(queryset, user, evaluation: str = ""):
    """``queryset`` with the user's ``role`` in the evaluation at the path ``evaluation``
    ("" for evaluations themselves, "evaluation" for cases); None where they have none.

    Read through two outer joins on the user's rows (at most one each: one role per
    evaluation, one membership per organisation) rather than two subqueries: the same
    answer, and less for Django to build on every request (the chair's screen asks every
    second, the notulist's save at every Enter)."""
    prefix = f"{evaluation}__" if evaluation else ""
    own, default = f"{prefix}members", f"{prefix}organisation__memberships"
    return queryset.annotate(
        own_role=FilteredRelation(own, condition=Q(**{f"{own}__user": user.pk})),
        default_role=FilteredRelation(default, condition=Q(**{f"{default}__user": user.pk})),
        role=Coalesce(F("own_role__role"), F("default_role__role")),
    )


def visible_evaluations(user):
    """The evaluations the user has a role in, each with its ``role``."""
    return with_role(Evaluation.objects, user).filter(role__isnull=False)


def get_evaluation(user, slug: str, may: RoleSet = READERS) -> tuple[Evaluation, Role]:
    evaluations = with_role(Evaluation.objects.select_related("organisation", "price_list"), user)
    return get_with_role(evaluations, may, slug=slug)


def get_case(user, slug: str, code: str, may: RoleSet = READERS) -> tuple[Case, Role]:
    """The case, with the user's role read in the same query (the chair's screen asks on
    every change), and the evaluation's outcome instrument if it has one."""
    cases = with_role(
        Case.objects.select_related(
            "evaluation__organisation", "evaluation__price_list", "evaluation__outcome_measure"
        ),
        user,
        "evaluation",
    )
    return get_with_role(cases, may, evaluation__slug=slug, code=code)


def get_item(
    user, slug: str, code: str, pk: int, may: RoleSet = EDITORS
) -> tuple[TimelineItem, Role]:
    """An item of the case; the role was read and checked with the case."""
    case, role = get_case(user, slug, code, may)
    item = get_object_or_404(case.items.select_related("scenario"), pk=pk)
    item.case = case  # already loaded with its evaluation; saves queries when rendering
    return item, role


@dataclass(frozen=True)
class Person:
    """Someone with a role in an evaluation; ``member`` is their own role there, if any."""

    user: object
    role: Role
    member: EvaluationMember | None

    @property
    def name(self) -> str:
        return self.user.get_full_name() or self.user.username


def people(evaluation: Evaluation) -> list[Person]:
    """Everyone with a role in the evaluation, by user name: their role there where one is
    set, else their organisation's default."""
    found = {
        m.user_id: Person(m.user, Role(m.role), None)
        for m in evaluation.organisation.memberships.select_related("user")
    }
    for member in evaluation.members.select_related("user"):
        found[member.user_id] = Person(member.user, Role(member.role), member)
    return sorted(found.values(), key=lambda person: person.user.get_username())


def chairs(evaluation: Evaluation) -> list[Person]:
    return [person for person in people(evaluation) if person.role in CHAIRS]
