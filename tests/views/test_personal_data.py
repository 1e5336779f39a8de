"""A person's own data on request (cases.views.personal_data); who may reach it is in the
access matrix."""

import json

import pytest
from django.utils import timezone

from accounts.models import Membership, Role
from cases.models import EvaluationMember
from history.models import AccessKind, AccessRecord, Action
from history.recorder import record_access, record_change, snapshot

pytestmark = pytest.mark.django_db

OWN = "/mijn-gegevens/gegevens.json"


def member_url(user) -> str:
    return f"/mijn-gegevens/leden/{user.pk}/gegevens.json"


@pytest.fixture
def history(evaluation, notulist, other_organisation):
    """The notulist, also a member elsewhere, with a change and a view in each place."""
    notulist.first_name, notulist.last_name, notulist.email = "Noor", "Tulst", "n@example.nl"
    notulist.last_login = timezone.now()
    notulist.save()
    EvaluationMember.objects.create(evaluation=evaluation, user=notulist, role=Role.NOTULIST)
    Membership.objects.create(organisation=other_organisation, user=notulist)
    case = evaluation.cases.get(code="1")
    before = snapshot(case)
    case.session_minutes = 90
    case.save()
    record_change(notulist, case, Action.UPDATE, before=before)
    record_access(notulist, AccessKind.VIEW_CASE, evaluation, case)
    record_access(notulist, AccessKind.VIEW_EVALUATION, organisation=other_organisation, what="X")
    return notulist


def download(response) -> dict:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment; filename=")
    return json.loads(
        b"".join(response.streaming_content) if response.streaming else response.content
    )


def test_it_exports_the_own_account_roles_changes_and_access_records(client, history):
    client.force_login(history)
    data = download(client.get(OWN))

    account = data["account"]
    assert account["gebruikersnaam"] == "notulist"
    assert (account["voornaam"], account["achternaam"]) == ("Noor", "Tulst")
    assert account["e-mailadres"] == "n@example.nl"
    assert account["laatst_ingelogd"] is not None
    assert {m["organisatie"] for m in data["lidmaatschappen"]} == {
        "Adviesbureau Noord",
        "Gemeente Elders",
    }
    assert data["rollen_in_evaluaties"] == [
        {"evaluatie": "Village Deal Test", "organisatie": "Adviesbureau Noord", "rol": "Notulist"}
    ]
    [change] = data["wijzigingen"]
    assert change["actie"] == "gewijzigd" and change["soort"] == "cases.Case"
    assert (change["voor"]["session_minutes"], change["na"]["session_minutes"]) == (None, 90)
    assert [a["soort"] for a in data["toegangslog"]] == ["casus bekeken", "evaluatie bekeken"]


def test_it_records_the_export_in_the_access_log_of_each_organisation(client, history):
    client.force_login(history)
    client.get(OWN)
    exports = AccessRecord.objects.filter(kind=AccessKind.EXPORT, user=history)
    assert sorted(e.organisation.name for e in exports) == ["Adviesbureau Noord", "Gemeente Elders"]
    assert {e.what for e in exports} == {"persoonsgegevens van notulist"}


def test_it_lets_an_effectencalculateur_export_a_member_within_their_organisation(
    client, history, owner
):
    client.force_login(owner)
    data = download(client.get(member_url(history)))
    assert data["account"]["gebruikersnaam"] == "notulist"
    # What the notulist did in the other organisation is not this organisation's to give.
    assert [m["organisatie"] for m in data["lidmaatschappen"]] == ["Adviesbureau Noord"]
    assert [a["organisatie"] for a in data["toegangslog"]] == ["Adviesbureau Noord"]
    assert len(data["wijzigingen"]) == 1
    [export] = AccessRecord.objects.filter(kind=AccessKind.EXPORT)
    assert (export.user, export.organisation.name) == (owner, "Adviesbureau Noord")
    assert export.what == "persoonsgegevens van notulist"


def test_it_gives_each_chair_only_their_own_organisations_part(client, history, outsider):
    client.force_login(outsider)  # chairs Gemeente Elders, where the notulist is a member too
    data = download(client.get(member_url(history)))
    assert [m["organisatie"] for m in data["lidmaatschappen"]] == ["Gemeente Elders"]
    assert [a["wat"] for a in data["toegangslog"]] == ["X"]
    assert data["wijzigingen"] == [] and data["rollen_in_evaluaties"] == []


def test_it_refuses_others_without_an_export_or_a_record(client, history, member, outsider):
    for user, status in ((history, 403), (outsider, 404)):
        client.force_login(user)
        assert client.get(member_url(member)).status_code == status
    assert not AccessRecord.objects.filter(kind=AccessKind.EXPORT).exists()


def test_it_lists_the_members_for_an_effectencalculateur_only(client, history, owner, member):
    client.force_login(owner)
    page = client.get("/mijn-gegevens/").content.decode()
    assert member_url(history) in page and member_url(member) in page
    assert "Mijn gegevens downloaden" in page
    client.force_login(member)
    page = client.get("/mijn-gegevens/").content.decode()
    assert "Mijn gegevens downloaden" in page
    assert member_url(history) not in page


def test_it_links_mijn_gegevens_in_the_user_menu(client, member):
    client.force_login(member)
    assert 'href="/mijn-gegevens/"' in client.get("/").content.decode()
