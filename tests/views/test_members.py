"""The effectencalculateur invites and removes members; others only see who has access."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from accounts.models import Membership, Role
from cases.access import get_evaluation
from cases.models import Evaluation, EvaluationMember
from history.models import Action, ChangeRecord

pytestmark = pytest.mark.django_db


def url(evaluation):
    return reverse("cases:members", args=[evaluation.slug])


def invite(client, evaluation, email="nieuw@example.nl", role=Role.NOTULIST):
    return client.post(url(evaluation), {"email": email, "name": "Nieuwe Notulist", "role": role})


def test_it_lists_everyone_with_access(client, member, owner, notulist, evaluation):
    client.force_login(member)
    response = client.get(url(evaluation))
    content = response.content.decode()
    assert response.status_code == 200
    for user in (owner, notulist, member):
        assert user.username in content
    assert "Iemand uitnodigen" not in content


def test_it_invites_a_new_person_with_a_one_time_password_link(client, owner, evaluation):
    client.force_login(owner)
    response = invite(client, evaluation)
    assert response.status_code == 302
    user = get_user_model().objects.get(email="nieuw@example.nl")
    assert not user.has_usable_password()
    assert get_evaluation(user, evaluation.slug)[1] == Role.NOTULIST
    assert ChangeRecord.objects.filter(action=Action.CREATE, model="cases.EvaluationMember")

    page = client.get(url(evaluation)).content.decode()
    link = page.split("(eenmalig geldig): ")[1].split("<")[0].replace("http://testserver", "")
    client.logout()
    form = client.get(link, follow=True)
    assert "Wachtwoord kiezen" in form.content.decode()
    new_password = "een-lang-nieuw-wachtwoord-77"
    response = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": new_password, "new_password2": new_password},
    )
    assert response.status_code == 302
    assert client.login(username=user.username, password=new_password)


def test_an_invitation_opens_that_evaluation_only(client, owner, evaluation, price_list):
    other = Evaluation.objects.create(
        organisation=evaluation.organisation, slug="andere", title="Andere gemeente",
        price_list=price_list,
    )  # fmt: skip
    client.force_login(owner)
    invite(client, evaluation, role=Role.BELEIDSMEDEWERKER)
    invited = get_user_model().objects.get(email="nieuw@example.nl")
    assert not Membership.objects.filter(user=invited).exists()

    client.force_login(invited)
    listed = client.get(reverse("cases:evaluation_list")).content.decode()
    assert "Village Deal Test" in listed and "Andere gemeente" not in listed
    assert client.get(evaluation.get_absolute_url()).status_code == 200
    assert client.get(f"{evaluation.get_absolute_url()}casussen/1/").status_code == 200
    assert client.get(other.get_absolute_url()).status_code == 404
    assert client.get(reverse("pricelist:detail", args=[price_list.pk])).status_code == 404


def test_it_gives_an_existing_account_a_role_without_a_new_account(
    client, owner, beleidsmedewerker, evaluation
):
    beleidsmedewerker.email = "beleid@example.nl"
    beleidsmedewerker.save()
    client.force_login(owner)
    invite(client, evaluation, email="BELEID@example.nl", role=Role.NOTULIST)
    assert get_user_model().objects.filter(email__iexact="beleid@example.nl").count() == 1
    assert get_evaluation(beleidsmedewerker, evaluation.slug)[1] == Role.NOTULIST


def test_it_refuses_an_invalid_address_and_keeps_what_was_typed(client, owner, evaluation):
    client.force_login(owner)
    response = invite(client, evaluation, email="geen-adres")
    assert response.status_code == 200
    assert 'value="geen-adres"' in response.content.decode()
    assert not EvaluationMember.objects.exists()


@pytest.mark.parametrize("who", ["notulist", "beleidsmedewerker"])
def test_it_lets_only_the_effectencalculateur_invite(client, evaluation, who, request):
    client.force_login(request.getfixturevalue(who))
    assert invite(client, evaluation).status_code == 403
    assert not get_user_model().objects.filter(email="nieuw@example.nl").exists()


def test_it_removes_a_member_from_the_evaluation(client, owner, notulist, evaluation):
    member = EvaluationMember.objects.create(
        evaluation=evaluation, user=notulist, role=Role.NOTULIST
    )
    client.force_login(owner)
    response = client.post(reverse("cases:member_remove", args=[evaluation.slug, member.pk]))
    assert response.status_code == 302
    assert not EvaluationMember.objects.filter(pk=member.pk).exists()
    assert ChangeRecord.objects.get(action=Action.DELETE).before["role"] == Role.NOTULIST


def test_it_never_removes_the_last_effectencalculateur(client, owner, evaluation):
    member = EvaluationMember.objects.create(
        evaluation=evaluation, user=owner, role=Role.EFFECTENCALCULATEUR
    )
    client.force_login(owner)
    response = client.post(
        reverse("cases:member_remove", args=[evaluation.slug, member.pk]), follow=True
    )
    assert "minstens één effectencalculateur" in response.content.decode()
    assert EvaluationMember.objects.filter(pk=member.pk).exists()


def test_it_hides_the_members_from_an_outsider(client, outsider, evaluation):
    client.force_login(outsider)
    assert client.get(url(evaluation)).status_code == 404
    assert invite(client, evaluation).status_code == 404
