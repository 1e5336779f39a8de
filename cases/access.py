"""Who may see what: small helpers that return the object or raise.

An evaluation, its cases and a price list are visible only to members of the organisation
they belong to. Anyone else gets a 404, so that the existence of an evaluation is not revealed.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import F, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404

from accounts.models import Membership, Organisation, Role
from cases.models import Case, Evaluation, EvaluationMember, TimelineItem
from pricelist.models import PriceList


def get_evaluation_for_user(user, slug: str) -> Evaluation:
    evaluations = Evaluation.objects.select_related("organisation", "price_list")
    return get_object_or_404(evaluations, slug=slug, organisation__memberships__user=user)


def get_case_for_user(user, slug: str, code: str) -> Case:
    cases = Case.objects.select_related("evaluation__organisation", "evaluation__price_list")
    return get_object_or_404(
        cases,
        evaluation__slug=slug,
        code=code,
        evaluation__organisation__memberships__user=user,
    )


def _get_case_with_role(user, slug: str, code: str) -> Case:
    """The case, with the user's ``role`` in its evaluation read in the same query (what
    :meth:`Evaluation.role_of` answers: their own role there, else the organisation's)."""
    own = EvaluationMember.objects.filter(evaluation=OuterRef("evaluation"), user=user.pk)
    default = Membership.objects.filter(
        organisation=OuterRef("evaluation__organisation"), user=user.pk
    )
    cases = (
        Case.objects.select_related("evaluation__organisation", "evaluation__price_list")
        .annotate(organisation_role=Subquery(default.values("role")[:1]))
        .filter(organisation_role__isnull=False)
        .annotate(role=Coalesce(Subquery(own.values("role")[:1]), F("organisation_role")))
    )
    return get_object_or_404(cases, evaluation__slug=slug, code=code)


def get_price_list_for_user(user, pk: int) -> PriceList:
    price_lists = PriceList.objects.select_related("organisation")
    return get_object_or_404(price_lists, pk=pk, organisation__memberships__user=user)


def user_role(evaluation: Evaluation, user) -> str | None:
    """The user's role in the evaluation (its own, else their organisation's default)."""
    return evaluation.role_of(user)


def import_organisations(user):
    """The organisations the user may import evaluations into: where they chair."""
    return Organisation.objects.filter(
        memberships__user=user, memberships__role=Role.EFFECTENCALCULATEUR
    )


def get_import_organisations(user):
    """Like :func:`import_organisations`, but raise PermissionDenied when there are none."""
    organisations = import_organisations(user)
    if not organisations.exists():
        raise PermissionDenied("Alleen een effectencalculateur mag evaluaties importeren.")
    return organisations


# Who may change a case's timeline and session record; a beleidsmedewerker only reads.
EDITING_ROLES = (Role.EFFECTENCALCULATEUR, Role.NOTULIST)


def get_case_for_editor(user, slug: str, code: str) -> tuple[Case, str]:
    """The case and the user's role, when that role may change the timeline; a member who
    may only read gets PermissionDenied, anyone else a 404."""
    case = _get_case_with_role(user, slug, code)
    if case.role not in EDITING_ROLES:
        raise PermissionDenied("Alleen de effectencalculateur en de notulist mogen dit wijzigen.")
    return case, case.role


def get_item_for_editor(user, slug: str, code: str, pk: int) -> tuple[TimelineItem, str]:
    case, role = get_case_for_editor(user, slug, code)
    item = get_object_or_404(case.items.select_related("scenario"), pk=pk)
    item.case = case  # already loaded with its evaluation; saves queries when rendering
    return item, role
