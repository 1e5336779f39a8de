"""Who may change price lists and re-price evaluations: helpers that return or raise.

Any member of the organisation reads its price lists; only its effectencalculateurs change
them (others get 403). Outsiders get 404 (:mod:`cases.access`), anonymous users the log-in.
Re-pricing is for the evaluation's own effectencalculateur.
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from accounts.models import Role
from cases.access import get_evaluation_for_user, get_price_list_for_user
from cases.models import Evaluation
from pricelist.models import PriceItem, PriceList


def get_price_list_for_editor(user, pk: int) -> PriceList:
    price_list = get_price_list_for_user(user, pk)
    if not price_list.editable_by(user):
        raise PermissionDenied("Alleen een effectencalculateur mag prijslijsten wijzigen.")
    return price_list


def get_item_for_editor(user, pk: int, item_pk: int) -> PriceItem:
    price_list = get_price_list_for_editor(user, pk)
    item = get_object_or_404(price_list.items.select_related("financier"), pk=item_pk)
    item.price_list = price_list  # already checked and loaded; spares a query
    return item


def get_evaluation_for_chair(user, slug: str) -> Evaluation:
    evaluation = get_evaluation_for_user(user, slug)
    if evaluation.role_of(user) != Role.EFFECTENCALCULATEUR:
        raise PermissionDenied("Alleen de effectencalculateur van de evaluatie mag dit.")
    return evaluation
