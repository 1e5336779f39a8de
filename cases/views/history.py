"""A case's history, and the bin from which deleted timeline items come back."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from accounts.models import EDITORS, permissions
from cases import timeline
from cases.access import get_case, get_evaluation
from cases.models import TimelineItem
from history.models import ChangeRecord
from history.recorder import in_bin


@login_required
@require_GET
def case_history(request, slug, code):
    case, _role = get_case(request.user, slug, code)
    records = ChangeRecord.objects.filter(case=case).select_related("user")
    page = Paginator(records, 50).get_page(request.GET.get("pagina"))
    werkwijzen = dict(case.evaluation.scenarios.values_list("pk", "name"))
    # A timeline copy names its werkwijzen as source and target.
    names = {"scenario_id": werkwijzen, "source_id": werkwijzen, "target_id": werkwijzen}
    changes = [(record, record.readable_changes(names)) for record in page]
    return render(
        request,
        "cases/case_history.html",
        {"evaluation": case.evaluation, "case": case, "page": page, "changes": changes},
    )


@login_required
@require_GET
def bin(request, slug):
    evaluation, role = get_evaluation(request.user, slug)
    records = in_bin(TimelineItem._meta.label, evaluation=evaluation).select_related("user", "case")
    return render(
        request,
        "cases/bin.html",
        {"evaluation": evaluation, "records": records, **permissions(role)},
    )


@login_required
@require_POST
def restore(request, slug, pk):
    evaluation, _role = get_evaluation(request.user, slug, EDITORS)
    record = get_object_or_404(ChangeRecord, pk=pk, evaluation=evaluation)
    try:
        item = timeline.restore_item(request.user, record)
    except ValueError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"“{item}” is teruggezet in casus {item.case.code}.")
    return redirect("cases:bin", slug=slug)
