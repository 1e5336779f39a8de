"""Who may see what: small helpers that return the object or raise.

An evaluation and its cases are visible to the members of the organisation it belongs to,
and to the people invited into that one evaluation; a price list to the members of its
organisation. Anyone else gets a 404, so that the existence of an evaluation is not revealed.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404

from accounts.models import Membership, Organisation, Role
from cases.models import Case, Evaluation, EvaluationMember, TimelineItem
from pricelist.models import PriceList


def visible_evaluations(user):
    """The evaluations the user may see: of their organisations, or invited into."""
    in_organisation = Membership.objects.filter(organisation=OuterRef("organisation"), user=user.pk)
    invited = EvaluationMember.objects.filter(evaluation=OuterRef("pk"), user=user.pk)
    return Evaluation.objects.filter(Q(Exists(in_organisation)) | Q(Exists(invited)))


def _get_visible(queryset, user, evaluation: str, **lookups):
    """The one object of ``queryset`` with ``lookups`` whose evaluation (at the path
    ``evaluation``) the user may see, else a 404. A member of the organisation is found by
    one plain join (the chair's screen asks every second); an invitee by a second one."""
    found = queryset.filter(
        **lookups, **{f"{evaluation}organisation__memberships__user": user}
    ).first()
    if found is None:
        found = get_object_or_404(queryset, **lookups, **{f"{evaluation}members__user": user})
    return found


def get_evaluation_for_user(user, slug: str) -> Evaluation:
    evaluations = Evaluation.objects.select_related("organisation", "price_list")
    return _get_visible(evaluations, user, "", slug=slug)


def get_case_for_user(user, slug: str, code: str) -> Case:
    cases = Case.objects.select_related("evaluation__organisation", "evaluation__price_list")
    return _get_visible(cases, user, "evaluation__", evaluation__slug=slug, code=code)


def _get_case_with_role(user, slug: str, code: str) -> Case:
    """The case, with the user's ``role`` in its evaluation read in the same query (what
    :meth:`Evaluation.role_of` answers: their own role there, else the organisation's)."""
    own = EvaluationMember.objects.filter(evaluation=OuterRef("evaluation"), user=user.pk)
    default = Membership.objects.filter(
        organisation=OuterRef("evaluation__organisation"), user=user.pk
    )
    cases = (
        Case.objects.select_related("evaluation__organisation", "evaluation__price_list")
        .annotate(
            role=Coalesce(Subquery(own.values("role")[:1]), Subquery(default.values("role")[:1]))
        )
        .filter(role__isnull=False)
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
