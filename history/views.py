"""A case's history, and the bin from which deleted timeline items come back."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from accounts.models import Role
from cases.access import get_case_for_user, get_evaluation_for_user
from cases.models import TimelineItem
from history.models import ChangeRecord
from history.recorder import in_bin

RESTORERS = {Role.EFFECTENCALCULATEUR, Role.NOTULIST}


@login_required
@require_GET
def case_history(request, slug, code):
    case = get_case_for_user(request.user, slug, code)
    records = ChangeRecord.objects.filter(case=case).select_related("user")
    page = Paginator(records, 50).get_page(request.GET.get("pagina"))
    names = {"scenario_id": dict(case.evaluation.scenarios.values_list("pk", "name"))}
    changes = [(record, record.readable_changes(names)) for record in page]
    return render(
        request,
        "history/case_history.html",
        {"evaluation": case.evaluation, "case": case, "page": page, "changes": changes},
    )


@login_required
@require_GET
def bin(request, slug):
    evaluation = get_evaluation_for_user(request.user, slug)
    records = in_bin(TimelineItem._meta.label, evaluation=evaluation).select_related("user", "case")
    return render(
        request,
        "history/bin.html",
        {
            "evaluation": evaluation,
            "records": records,
            "can_restore": evaluation.role_of(request.user) in RESTORERS,
        },
    )


@login_required
@require_POST
def restore(request, slug, pk):
    evaluation = get_evaluation_for_user(request.user, slug)
    if evaluation.role_of(request.user) not in RESTORERS:
        raise PermissionDenied("Alleen een effectencalculateur of notulist zet items terug.")
    record = get_object_or_404(ChangeRecord, pk=pk, evaluation=evaluation)
    try:
        item = TimelineItem.restore(record, request.user)
    except ValueError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"“{item}” is teruggezet in casus {item.case.code}.")
    return redirect("history:bin", slug=slug)
