"""Two-factor authentication: who is sent to set it up or to enter a code, setting up an
authenticator app, signing in with a code or a recovery code, and the administrator's switch.

The shared fixtures' organisations have two-factor authentication off (tests/conftest.py);
the tests here switch it on where they test it. Codes are computed the way an authenticator
app computes them: django-otp's ``totp`` over the device's key.
"""

from io import StringIO
from types import SimpleNamespace
from urllib.parse import quote

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import two_factor
from accounts.models import Membership, Role
from cases.models import EvaluationMember
from history.models import ChangeRecord
from tests.views.test_access_matrix import MATRIX
from tests.views.test_access_matrix import world as matrix_world  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db

PASSWORD = "geheim-wachtwoord-1"
EVALUATION_URL = "/evaluaties/village-deal-test/"
# Every URL of the access matrix that points into an evaluation or one of its cases.
EVALUATION_URL_NAMES = sorted(
    name
    for name, row in MATRIX.items()
    if row.kwargs in {"evaluation", "case", "item", "member", "job", "restore"}
    # The API answers a token, never a session (accounts.two_factor.EXEMPT_URL_NAMES).
    and not name.startswith("overview:api_")
)


@pytest.fixture(autouse=True)
def no_waiting(settings):
    settings.LOGIN_SLOWDOWN_SECONDS = 0


@pytest.fixture
def world(request):
    """The access matrix's world: one of everything an evaluation URL can point at."""
    return request.getfixturevalue("matrix_world")


@pytest.fixture
def required(organisation):
    """The evaluation's organisation with two-factor authentication on, as by default."""
    organisation.require_two_factor = True
    organisation.save(update_fields=["require_two_factor"])
    return organisation


def code(device, steps_ahead=0) -> str:
    """The code the app shows now (or ``steps_ahead`` periods of 30 seconds from now)."""
    t0 = device.t0 - steps_ahead * device.step
    return f"{totp(device.bin_key, device.step, t0, device.digits, device.drift):06d}"


def confirmed_device(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="App", confirmed=True)


def sign_in(client, user):
    response = client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302
    return response


def setup_url(next_url):
    return f"{reverse('two_factor_setup')}?next={quote(next_url, safe='')}"


def verify_url(next_url):
    return f"{reverse('two_factor_verify')}?next={quote(next_url, safe='')}"


# Who is sent where


@pytest.mark.parametrize("name", EVALUATION_URL_NAMES)
def test_it_sends_a_chair_without_a_device_to_set_up_from_every_evaluation_url(
    client, world, required, name
):
    row = MATRIX[name]
    client.force_login(world["users"]["effectencalculateur"])
    url = reverse(name, args=world["arguments"][row.kwargs])
    response = getattr(client, row.method)(url)
    assert response.status_code == 302
    assert response["Location"] == setup_url(url)


def test_it_sends_a_chair_to_set_up_from_the_organisation_pages(client, owner, required):
    client.force_login(owner)
    for url in (reverse("cases:evaluation_list"), reverse("pricelist:list")):
        assert client.get(url)["Location"] == setup_url(url)


def test_it_answers_htmx_with_a_redirect_of_the_whole_window(client, owner, evaluation, required):
    client.force_login(owner)
    response = client.get(EVALUATION_URL, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert response["HX-Redirect"] == setup_url(EVALUATION_URL)


def test_it_lets_an_unverified_chair_log_out_and_reach_the_health_check(client, owner, required):
    client.force_login(owner)
    assert client.get(reverse("health_live")).status_code == 200
    assert client.get(reverse("two_factor_setup")).status_code == 200
    assert client.post(reverse("logout"))["Location"] == reverse("login")


def test_it_keeps_the_overview_and_the_switch_off_behind_the_second_factor(client, owner, required):
    confirmed_device(owner)
    client.force_login(owner)
    assert client.get(reverse("two_factor"))["Location"].startswith(reverse("two_factor_verify"))
    client.post(reverse("two_factor_remove"))
    assert TOTPDevice.objects.filter(user=owner).exists()


def test_it_sends_a_chair_with_a_device_to_enter_a_code(client, owner, evaluation, required):
    confirmed_device(owner)
    client.force_login(owner)
    assert client.get(EVALUATION_URL)["Location"] == verify_url(EVALUATION_URL)


def test_it_refuses_an_unverified_chair_a_second_app(client, owner, required):
    confirmed_device(owner)
    client.force_login(owner)
    response = client.get(reverse("two_factor_setup"))
    assert response["Location"].startswith(reverse("two_factor_verify"))
    assert not TOTPDevice.objects.filter(user=owner, confirmed=False).exists()


def test_it_does_not_force_a_notulist(client, notulist, evaluation, required):
    client.force_login(notulist)
    assert client.get(EVALUATION_URL).status_code == 200


def test_it_does_not_force_a_chair_where_the_organisation_has_it_off(client, owner, evaluation):
    assert not owner.memberships.get().organisation.require_two_factor
    client.force_login(owner)
    assert client.get(EVALUATION_URL).status_code == 200


def test_it_forces_a_chair_of_a_single_evaluation(client, beleidsmedewerker, evaluation, required):
    EvaluationMember.objects.create(
        evaluation=evaluation, user=beleidsmedewerker, role=Role.EFFECTENCALCULATEUR
    )
    client.force_login(beleidsmedewerker)
    assert client.get(EVALUATION_URL)["Location"] == setup_url(EVALUATION_URL)


def test_it_requires_it_only_where_the_chair_chairs_with_it_on(
    owner, outsider, beleidsmedewerker, evaluation, other_organisation
):
    other_organisation.require_two_factor = True
    other_organisation.save()
    # A plain member of the organisation that requires it, chair where it is off: not required.
    Membership.objects.create(
        organisation=other_organisation, user=beleidsmedewerker, role=Role.BELEIDSMEDEWERKER
    )
    assert two_factor.is_required(outsider)
    assert not two_factor.is_required(owner)
    assert not two_factor.is_required(beleidsmedewerker)


def test_it_always_requires_it_of_a_superuser(django_user_model):
    admin = django_user_model.objects.create_superuser("beheerder", password=PASSWORD)
    assert two_factor.is_required(admin)


def test_it_counts_a_second_factor_done_at_the_identity_provider(
    client, owner, evaluation, required
):
    client.force_login(owner)
    session = client.session
    session[two_factor.BY_PROVIDER] = True
    session.save()
    assert client.get(EVALUATION_URL).status_code == 200


# Setting up an app


def test_it_shows_a_qr_code_and_the_secret_in_groups_of_four(client, owner, required):
    client.force_login(owner)
    response = client.get(setup_url(EVALUATION_URL))
    html = response.content.decode()
    device = TOTPDevice.objects.get(user=owner, confirmed=False)
    assert '<div class="qr-code" role="img"' in html
    assert "<svg" in html and "<path" in html
    assert " style=" not in html  # the CSP allows no inline styles
    groups = two_factor.secret_for_typing(device).split(" ")
    assert len(groups) == 8 and all(len(group) == 4 for group in groups)
    assert " ".join(groups) in html
    assert f'value="{EVALUATION_URL}"' in html
    # A reload shows the same secret: the app may have scanned it already.
    client.get(setup_url(EVALUATION_URL))
    assert TOTPDevice.objects.get(user=owner, confirmed=False).key == device.key


def test_it_refuses_a_wrong_first_code_and_activates_with_the_right_one(
    client, owner, evaluation, required
):
    client.force_login(owner)
    client.get(reverse("two_factor_setup"))
    device = TOTPDevice.objects.get(user=owner)
    wrong = f"{(int(code(device)) + 1) % 1_000_000:06d}"
    response = client.post(reverse("two_factor_setup"), {"code": wrong, "next": EVALUATION_URL})
    assert response.status_code == 200
    assert "Deze code klopt niet" in response.content.decode()
    assert not TOTPDevice.objects.get(pk=device.pk).confirmed
    assert client.get(EVALUATION_URL).status_code == 302

    response = client.post(
        reverse("two_factor_setup"), {"code": code(device), "next": EVALUATION_URL}
    )
    assert TOTPDevice.objects.get(pk=device.pk).confirmed
    codes = response.context["codes"]
    assert len(codes) == 10 and len(set(codes)) == 10
    html = response.content.decode()
    assert all(recovery in html for recovery in codes)
    assert f'href="{EVALUATION_URL}"' in html
    assert "no-store" in response["Cache-Control"]
    assert client.get(EVALUATION_URL).status_code == 200


def test_it_replaces_the_app_of_a_verified_user(client, owner, required):
    old = confirmed_device(owner)
    client.force_login(owner)
    client.post(reverse("two_factor_verify"), {"code": code(old)})
    client.get(reverse("two_factor_setup"))
    new = TOTPDevice.objects.get(user=owner, confirmed=False)
    client.post(reverse("two_factor_setup"), {"code": code(new)})
    assert list(TOTPDevice.objects.filter(user=owner)) == [new]


# Signing in


def test_it_asks_for_a_code_at_the_next_sign_in_and_goes_on_to_the_page(
    client, owner, evaluation, required
):
    client.force_login(owner)
    client.get(reverse("two_factor_setup"))
    device = TOTPDevice.objects.get(user=owner)
    # Both now, at one moment: one after the other they may straddle a new period.
    now, following = code(device), code(device, 1)
    client.post(reverse("two_factor_setup"), {"code": now})
    client.post(reverse("logout"))

    sign_in(client, owner)
    response = client.get(EVALUATION_URL)
    assert response["Location"] == verify_url(EVALUATION_URL)
    response = client.get(response["Location"])
    assert "Code invoeren" in response.content.decode()
    # The code set-up was confirmed with may not be used again: the app's next one.
    response = client.post(
        reverse("two_factor_verify"), {"code": following, "next": EVALUATION_URL}
    )
    assert response["Location"] == EVALUATION_URL
    assert client.get(EVALUATION_URL).status_code == 200


def test_it_refuses_the_same_code_twice(client, owner, required):
    device = confirmed_device(owner)
    used = code(device)  # once: asked twice, it may come from two periods of 30 seconds
    client.force_login(owner)
    client.post(reverse("two_factor_verify"), {"code": used})
    client.post(reverse("logout"))
    sign_in(client, owner)
    response = client.post(reverse("two_factor_verify"), {"code": used})
    assert response.status_code == 200
    assert "Deze code klopt niet" in response.content.decode()


def test_it_ignores_a_next_address_on_another_site(client, owner, required):
    device = confirmed_device(owner)
    client.force_login(owner)
    response = client.post(
        reverse("two_factor_verify"), {"code": code(device), "next": "https://elders.example/"}
    )
    assert response["Location"] == reverse("cases:evaluation_list")


def test_it_asks_for_a_code_of_whoever_set_up_an_app_without_having_to(
    client, notulist, evaluation, required
):
    confirmed_device(notulist)
    client.force_login(notulist)
    assert client.get(EVALUATION_URL)["Location"] == verify_url(EVALUATION_URL)


def test_it_accepts_a_recovery_code_once_and_only_once(client, owner, evaluation, required):
    confirmed_device(owner)
    recovery = two_factor.new_recovery_codes(owner)[3]
    client.force_login(owner)
    response = client.post(
        reverse("two_factor_verify"), {"code": recovery.upper(), "next": EVALUATION_URL}
    )
    assert response["Location"] == EVALUATION_URL
    assert two_factor.recovery_codes_left(owner) == 9
    assert "nog 9" in client.get(EVALUATION_URL).content.decode()

    client.post(reverse("logout"))
    sign_in(client, owner)
    response = client.post(reverse("two_factor_verify"), {"code": recovery})
    assert response.status_code == 200
    assert "Deze code klopt niet" in response.content.decode()
    assert client.get(EVALUATION_URL).status_code == 302


def test_it_locks_code_guessing_like_password_guessing(client, owner, settings, required):
    device = confirmed_device(owner)
    client.force_login(owner)
    for _ in range(settings.LOGIN_LOCK_AFTER):
        client.post(reverse("two_factor_verify"), {"code": "000000"})
    response = client.post(reverse("two_factor_verify"), {"code": code(device)})
    assert "Te veel mislukte pogingen" in response.content.decode()
    assert not client.get(reverse("two_factor_verify")).wsgi_request.user.is_verified()


# Recovery codes and the overview


def test_it_makes_new_recovery_codes_only_after_a_fresh_code(client, owner, required):
    device = confirmed_device(owner)
    old = two_factor.new_recovery_codes(owner)
    client.force_login(owner)
    # Both now, at one moment: one after the other they may straddle a new period.
    now, following = code(device), code(device, 1)
    client.post(reverse("two_factor_verify"), {"code": now})

    response = client.post(reverse("two_factor_recovery"), {"code": "123456"})
    assert "Deze code klopt niet" in response.content.decode()
    assert sorted(StaticToken.objects.values_list("token", flat=True)) == sorted(old)

    response = client.post(reverse("two_factor_recovery"), {"code": following})
    new = response.context["codes"]
    assert sorted(StaticToken.objects.values_list("token", flat=True)) == sorted(new)
    assert not set(old) & set(new)


def test_it_shows_the_device_and_refuses_to_remove_it_while_required(client, owner, required):
    device = confirmed_device(owner)
    two_factor.new_recovery_codes(owner)
    client.force_login(owner)
    client.post(reverse("two_factor_verify"), {"code": code(device)})
    html = client.get(reverse("two_factor")).content.decode()
    assert "Tweestapsverificatie staat aan" in html
    assert "uitzetten kan daarom niet" in html

    response = client.post(reverse("two_factor_remove"), follow=True)
    assert "verplicht en kan niet uit" in response.content.decode()
    assert TOTPDevice.objects.filter(user=owner).exists()


def test_it_removes_the_device_of_whoever_need_not_have_one(client, notulist, evaluation):
    device = confirmed_device(notulist)
    two_factor.new_recovery_codes(notulist)
    client.force_login(notulist)
    client.post(reverse("two_factor_verify"), {"code": code(device)})
    response = client.post(reverse("two_factor_remove"), follow=True)
    assert "Tweestapsverificatie staat uit" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=notulist).exists()
    assert two_factor.recovery_codes_left(notulist) == 0
    assert client.get(EVALUATION_URL).status_code == 200


def test_it_links_the_overview_from_the_menu(client, notulist):
    client.force_login(notulist)
    html = client.get(reverse("cases:evaluation_list")).content.decode()
    assert f'href="{reverse("two_factor")}"' in html


# The administrator's switch


def test_it_switches_the_requirement_off_and_on_and_records_it(organisation, owner):
    out = StringIO()
    call_command("two_factor", organisation.slug, "--on", stdout=out)
    assert "nu verplicht" in out.getvalue()
    organisation.refresh_from_db()
    assert organisation.require_two_factor
    assert two_factor.is_required(owner)

    out = StringIO()
    call_command("two_factor", organisation.slug, "--off", stdout=out)
    assert "niet meer verplicht" in out.getvalue()
    organisation.refresh_from_db()
    assert not organisation.require_two_factor

    records = ChangeRecord.objects.filter(organisation=organisation, model="accounts.Organisation")
    assert [r.changed_fields() for r in records.order_by("pk")] == [
        [("require_two_factor", False, True)],
        [("require_two_factor", True, False)],
    ]


def test_it_changes_nothing_when_the_switch_is_already_so(organisation):
    out = StringIO()
    call_command("two_factor", organisation.slug, "--off", stdout=out)
    assert "al niet verplicht; niets veranderd" in out.getvalue()
    call_command("two_factor", organisation.slug, stdout=out)
    assert "is in Adviesbureau Noord niet verplicht" in out.getvalue()
    assert not ChangeRecord.objects.filter(model="accounts.Organisation").exists()


def test_it_names_an_unknown_organisation(db):
    with pytest.raises(CommandError, match="geen organisatie met de slug 'nergens'"):
        call_command("two_factor", "nergens", "--off", stdout=StringIO())


# The session's decision


def test_it_decides_at_sign_in_and_costs_no_query_where_nothing_is_needed(
    client, member, evaluation, django_assert_num_queries, required
):
    client.force_login(member)
    request = SimpleNamespace(session=client.session, user=member)
    assert request.session[two_factor.DECISION][1] is False
    with django_assert_num_queries(0):
        assert two_factor._must_pass(request) is False


def test_it_applies_an_administrators_switch_within_the_recheck_time(
    client, owner, organisation, evaluation, settings
):
    client.force_login(owner)
    assert client.get(EVALUATION_URL).status_code == 200
    call_command("two_factor", organisation.slug, "--on", stdout=StringIO())
    settings.TWO_FACTOR_RECHECK_SECONDS = 0
    assert client.get(EVALUATION_URL)["Location"] == setup_url(EVALUATION_URL)


def test_it_takes_a_lost_app_away_so_that_a_new_one_is_set_up(client, owner, evaluation, required):
    confirmed_device(owner)
    two_factor.new_recovery_codes(owner)
    out = StringIO()
    call_command("two_factor", "--reset", owner.username, stdout=out)
    assert "zijn weggehaald" in out.getvalue()
    assert not two_factor.has_devices(owner)
    client.force_login(owner)
    assert client.get(EVALUATION_URL)["Location"] == setup_url(EVALUATION_URL)
    record = ChangeRecord.objects.get(model="accounts.Organisation")
    assert record.user is None
    assert record.changed_fields() == [
        ("app voor tweestapsverificatie", "eigenaar: ingesteld", "eigenaar: weggehaald")
    ]


def test_it_resets_nothing_for_someone_without_an_app(owner):
    out = StringIO()
    call_command("two_factor", "--reset", owner.username, stdout=out)
    assert "niets veranderd" in out.getvalue()
    assert not ChangeRecord.objects.exists()
    with pytest.raises(CommandError, match="geen account"):
        call_command("two_factor", "--reset", "niemand", stdout=StringIO())
