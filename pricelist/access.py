"""Who may see and change price lists: every member of the organisation reads its versions,
its effectencalculateurs change them (others get 403); outsiders get 404. The role comes from
the organisation, through :func:`accounts.access.get_with_role` like every other check."""

from django.shortcuts import get_object_or_404

from accounts.access import get_with_role, organisation_role
from accounts.models import CHAIRS, READERS, Role, RoleSet
from pricelist.models import PriceItem, PriceList


def visible_price_lists(user):
    return PriceList.objects.annotate(role=organisation_role(user)).filter(role__isnull=False)


def get_price_list(user, pk: int, may: RoleSet = READERS) -> tuple[PriceList, Role]:
    price_lists = PriceList.objects.select_related("organisation").annotate(
        role=organisation_role(user)
    )
    return get_with_role(price_lists, may, pk=pk)


def get_price_item(user, pk: int, item_pk: int, may: RoleSet = CHAIRS) -> tuple[PriceItem, Role]:
    price_list, role = get_price_list(user, pk, may)
    item = get_object_or_404(price_list.items.select_related("financier"), pk=item_pk)
    item.price_list = price_list  # already checked and loaded; spares a query
    return item, role
