"""Members of an evaluation, and the access log an organisation's effectencalculateurs read."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts import invitations
from accounts.models import Organisation, Role
from cases.access import get_evaluation_for_user
from history.models import AccessRecord


class InviteForm(forms.Form):
    email = forms.EmailField(label="E-mailadres")
    name = forms.CharField(label="Naam (optioneel)", max_length=150, required=False)
    role = forms.ChoiceField(label="Rol in deze evaluatie", choices=Role.choices)


def _chair_evaluation(user, slug):
    evaluation = get_evaluation_for_user(user, slug)
    if evaluation.role_of(user) != Role.EFFECTENCALCULATEUR:
        raise PermissionDenied("Alleen een effectencalculateur beheert de leden.")
    return evaluation


def _people(evaluation) -> list[dict]:
    """Everyone with access: by a role in the evaluation, or by the organisation's default."""
    explicit = {m.user_id: m for m in evaluation.members.select_related("user")}
    people = [
        {"user": m.user, "role": m.get_role_display(), "member": m} for m in explicit.values()
    ]
    for membership in evaluation.organisation.memberships.select_related("user"):
        if membership.user_id not in explicit:
            people.append(
                {"user": membership.user, "role": membership.get_role_display(), "member": None}
            )
    return sorted(people, key=lambda person: person["user"].get_username())


@login_required
@require_http_methods(["GET", "POST"])
def members(request, slug):
    evaluation = get_evaluation_for_user(request.user, slug)
    is_chair = evaluation.role_of(request.user) == Role.EFFECTENCALCULATEUR
    form = InviteForm(request.POST or None)
    if request.method == "POST":
        evaluation = _chair_evaluation(request.user, slug)
        if form.is_valid():
            invitation = invitations.invite(evaluation, **form.cleaned_data, by=request.user)
            _report_invitation(request, invitation)
            return redirect("evaluation_members", slug=slug)
    return render(
        request,
        "accounts/members.html",
        {
            "evaluation": evaluation,
            "people": _people(evaluation),
            "form": form,
            "is_chair": is_chair,
        },
    )


def _report_invitation(request, invitation) -> None:
    name = invitation.member.user.get_full_name() or invitation.member.user.email
    if invitation.new_account:
        link = request.build_absolute_uri(invitation.password_link)
        messages.success(
            request,
            f"{name} is uitgenodigd als {invitation.member.get_role_display().lower()}. "
            f"Geef deze link door om een wachtwoord te kiezen (eenmalig geldig): {link}",
        )
    else:
        messages.success(request, f"{name} is nu {invitation.member.get_role_display().lower()}.")


@login_required
@require_POST
def remove_member(request, slug, pk):
    evaluation = _chair_evaluation(request.user, slug)
    member = get_object_or_404(evaluation.members.select_related("user"), pk=pk)
    try:
        invitations.remove(member, by=request.user)
    except invitations.MemberError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"{member.user.get_username()} is uit de evaluatie gehaald.")
    return redirect("evaluation_members", slug=slug)


@login_required
@require_GET
def access_log(request):
    organisations = Organisation.objects.filter(
        memberships__user=request.user, memberships__role=Role.EFFECTENCALCULATEUR
    )
    if not organisations.exists():
        raise PermissionDenied("Alleen een effectencalculateur leest het toegangslog.")
    records = AccessRecord.objects.filter(organisation__in=organisations).select_related(
        "user", "evaluation", "case"
    )
    page = Paginator(records, 100).get_page(request.GET.get("pagina"))
    return render(request, "accounts/access_log.html", {"page": page})
