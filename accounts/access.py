"""One answer to "may this user do this here?": the object and the user's role, or a refusal.

Every view asks through :func:`get_with_role`, by way of the small helpers of the apps
(``cases.access``, ``pricelist.access``) that say where a role comes from. Someone without a
role gets a 404, so that the existence of an evaluation or price list is not revealed; someone
whose role is not in the set the view names (:data:`~accounts.models.READERS`,
:data:`~accounts.models.EDITORS`, :data:`~accounts.models.CHAIRS`) a 403 with that set's
Dutch refusal.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import OuterRef, Subquery
from django.shortcuts import get_object_or_404

from accounts.models import CHAIRS, READERS, Membership, Organisation, Role, RoleSet


def get_with_role(queryset, may: RoleSet = READERS, **lookups):
    """(object, role) of the one object of ``queryset`` (annotated with the user's ``role``,
    None where they have none) that ``lookups`` name."""
    found = get_object_or_404(queryset.filter(role__isnull=False), **lookups)
    if found.role not in may:
        raise PermissionDenied(may.refusal)
    return found, Role(found.role)


def organisation_role(user, organisation: str = "organisation"):
    """The user's role in the organisation at the path ``organisation``, as an expression."""
    memberships = Membership.objects.filter(organisation=OuterRef(organisation), user=user.pk)
    return Subquery(memberships.values("role")[:1])


def organisations(user, may: RoleSet = CHAIRS):
    """The organisations where the user's role is in ``may`` (by default: where they chair,
    and so may import, start evaluations and read the access log)."""
    return Organisation.objects.filter(
        memberships__user=user.pk, memberships__role__in=may.roles
    ).distinct()


def get_organisations(user, may: RoleSet = CHAIRS):
    """Like :func:`organisations`, but refuse when there are none."""
    found = organisations(user, may)
    if not found.exists():
        raise PermissionDenied(may.refusal)
    return found
