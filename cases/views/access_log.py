"""The access log: who looked at which case and downloaded what, for the effectencalculateurs
of the organisations it belongs to."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_GET

from accounts.access import get_organisations
from accounts.models import CHAIRS
from history.models import AccessRecord


@login_required
@require_GET
def access_log(request):
    organisations = get_organisations(request.user, CHAIRS)
    records = AccessRecord.objects.filter(organisation__in=organisations).select_related(
        "user", "evaluation", "case"
    )
    page = Paginator(records, 100).get_page(request.GET.get("pagina"))
    return render(request, "cases/access_log.html", {"page": page})
