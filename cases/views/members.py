"""Who takes part in an evaluation: everyone with a role there, and the chair's invitations."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from accounts.models import CHAIRS, READERS, Role, permissions
from cases import invitations
from cases.access import get_evaluation, people


class InviteForm(forms.Form):
    email = forms.EmailField(label="E-mailadres")
    name = forms.CharField(label="Naam (optioneel)", max_length=150, required=False)
    role = forms.ChoiceField(label="Rol in deze evaluatie", choices=Role.choices)


@login_required
@require_http_methods(["GET", "POST"])
def members(request, slug):
    evaluation, role = get_evaluation(
        request.user, slug, CHAIRS if request.method == "POST" else READERS
    )
    form = InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        invitation = invitations.invite(evaluation, **form.cleaned_data, by=request.user)
        _report_invitation(request, invitation)
        return redirect("cases:members", slug=slug)
    return render(
        request,
        "cases/members.html",
        {"evaluation": evaluation, "people": people(evaluation), "form": form, **permissions(role)},
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
    evaluation, _role = get_evaluation(request.user, slug, CHAIRS)
    member = get_object_or_404(evaluation.members.select_related("user"), pk=pk)
    try:
        invitations.remove(member, by=request.user)
    except invitations.MemberError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"{member.user.get_username()} is uit de evaluatie gehaald.")
    return redirect("cases:members", slug=slug)
