"""A person's own data on request (AVG, right of access): their account, their roles, the
changes they made and what the access log holds about them, as one JSON file.

Everyone signed in downloads their own. A request under the AVG usually comes in through the
organisation, so an effectencalculateur may also make the export for a member of an
organisation they chair; it then holds only what belongs to the organisations they chair
(the person's other organisations are not theirs to hand out). Someone who shares no
organisation with the person gets a 404, a member who does not chair it a 403. Every export
is recorded in the access log of each organisation it covers.
"""

import json

from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.text import slugify
from django.views.decorators.http import require_GET

from accounts.access import organisations
from accounts.models import CHAIRS, Membership, Organisation
from cases.models import EvaluationMember
from history.models import AccessKind, AccessRecord, ChangeRecord
from history.recorder import record_access


def _when(moment) -> str | None:
    return timezone.localtime(moment).isoformat() if moment else None


def export(person, scope=None) -> dict:
    """Everything the app holds about ``person``; with ``scope`` (organisations) only what
    belongs to those, else everything."""
    memberships = Membership.objects.filter(user=person).select_related("organisation")
    roles = EvaluationMember.objects.filter(user=person).select_related("evaluation__organisation")
    changes = ChangeRecord.objects.filter(user=person).select_related("organisation", "evaluation")
    accesses = AccessRecord.objects.filter(user=person).select_related("organisation", "evaluation")
    if scope is not None:
        memberships = memberships.filter(organisation__in=scope)
        roles = roles.filter(evaluation__organisation__in=scope)
        changes = changes.filter(organisation__in=scope)
        accesses = accesses.filter(organisation__in=scope)
    return {
        "gemaakt_op": _when(timezone.now()),
        "account": {
            "gebruikersnaam": person.get_username(),
            "voornaam": person.first_name,
            "achternaam": person.last_name,
            "e-mailadres": person.email,
            "account_sinds": _when(person.date_joined),
            "laatst_ingelogd": _when(person.last_login),
            "externe_identiteiten": [
                {
                    "uitgever": identity.issuer,
                    "kenmerk": identity.subject,
                    "laatst_ingelogd": _when(identity.last_login_at),
                }
                for identity in person.external_identities.all()
            ],
        },
        "lidmaatschappen": [
            {"organisatie": m.organisation.name, "standaardrol": m.get_role_display()}
            for m in memberships
        ],
        "rollen_in_evaluaties": [
            {
                "evaluatie": r.evaluation.title,
                "organisatie": r.evaluation.organisation.name,
                "rol": r.get_role_display(),
            }
            for r in roles
        ],
        "wijzigingen": [
            {
                "wanneer": _when(c.at),
                "organisatie": c.organisation.name,
                "evaluatie": c.evaluation.title if c.evaluation else None,
                "actie": c.get_action_display(),
                "soort": c.model,
                "object": c.object_repr,
                "voor": c.before,
                "na": c.after,
            }
            for c in changes.order_by("at", "pk")
        ],
        "toegangslog": [
            {
                "wanneer": _when(a.at),
                "organisatie": a.organisation.name,
                "evaluatie": a.evaluation.title if a.evaluation else None,
                "soort": a.get_kind_display(),
                "wat": a.what,
            }
            for a in accesses.order_by("at", "pk")
        ],
    }


def _download(request, person, scope) -> HttpResponse:
    content = json.dumps(export(person, scope), ensure_ascii=False, indent=2)
    covered = scope if scope is not None else Organisation.objects.filter(memberships__user=person)
    for organisation in covered:
        what = f"persoonsgegevens van {person.get_username()}"
        record_access(request.user, AccessKind.EXPORT, organisation=organisation, what=what)
    response = HttpResponse(content, content_type="application/json; charset=utf-8")
    filename = f"gegevens-{slugify(person.get_username()) or person.pk}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_GET
def personal_data(request):
    """The page: one's own download, and for an effectencalculateur the members of the
    organisations they chair."""
    chaired = organisations(request.user, CHAIRS)
    people = (
        get_user_model()
        .objects.filter(memberships__organisation__in=chaired)
        .distinct()
        .order_by("username")
    )
    return render(request, "cases/personal_data.html", {"people": people})


@login_required
@require_GET
def personal_data_export(request):
    return _download(request, request.user, None)


@login_required
@require_GET
def member_data_export(request, pk):
    shared = Membership.objects.filter(user=request.user).values("organisation")
    person = get_object_or_404(
        get_user_model().objects.filter(memberships__organisation__in=shared).distinct(), pk=pk
    )
    scope = Organisation.objects.filter(
        pk__in=organisations(request.user, CHAIRS).values("pk"), memberships__user=person
    ).order_by("name")
    if not scope.exists():
        raise PermissionDenied(CHAIRS.refusal)
    return _download(request, person, scope)
