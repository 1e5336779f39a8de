"""The organisation's price lists and their items, with a text search."""

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.shortcuts import render
from django.views.decorators.http import require_GET

from cases.access import get_price_list_for_user
from pricelist.models import PriceList


@login_required
@require_GET
def price_list_list(request):
    price_lists = (
        PriceList.objects.filter(organisation__memberships__user=request.user)
        .select_related("organisation")
        .annotate(item_count=Count("items", distinct=True))
    )
    return render(request, "pricelist/list.html", {"price_lists": price_lists})


@login_required
@require_GET
def price_list_detail(request, pk):
    price_list = get_price_list_for_user(request.user, pk)
    query = request.GET.get("q", "").strip()
    items = price_list.items.select_related("financier")
    if query:
        items = items.filter(
            Q(code__icontains=query) | Q(name__icontains=query) | Q(category__icontains=query)
        )
    template = "pricelist/detail.html#items" if request.htmx else "pricelist/detail.html"
    return render(request, template, {"price_list": price_list, "items": items, "query": query})
