"""Password guessing is slowed down and then locked out; passwords are hashed with Argon2."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from accounts import throttle
from accounts.models import LoginFailure

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_waiting(settings):
    settings.LOGIN_SLOWDOWN_SECONDS = 0


@pytest.fixture
def user():
    return get_user_model().objects.create_user("notulist", password="juist-wachtwoord-42")


def attempt(client, password):
    return client.post(reverse("login"), {"username": "notulist", "password": password})


def test_it_hashes_passwords_with_argon2(settings):
    from effectencalculator import settings as project_settings

    settings.PASSWORD_HASHERS = project_settings.PASSWORD_HASHERS
    user = get_user_model().objects.create_user("voorzitter", password="juist-wachtwoord-42")
    assert user.password.startswith("argon2")


def test_it_logs_in_with_the_right_password_and_forgets_earlier_failures(client, user):
    attempt(client, "fout")
    response = attempt(client, "juist-wachtwoord-42")
    assert response.status_code == 302
    assert not LoginFailure.objects.exists()


def test_it_locks_the_account_after_too_many_failures(client, user, settings):
    for _ in range(settings.LOGIN_LOCK_AFTER):
        response = attempt(client, "fout")
        assert "horen niet bij elkaar" in response.content.decode()
    response = attempt(client, "juist-wachtwoord-42")
    assert response.status_code == 200
    assert "Te veel mislukte pogingen" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_it_unlocks_after_the_lock_window(client, user, settings):
    for _ in range(settings.LOGIN_LOCK_AFTER):
        attempt(client, "fout")
    LoginFailure.objects.update(at="2000-01-01T00:00:00Z")
    assert attempt(client, "juist-wachtwoord-42").status_code == 302


def test_it_counts_user_names_case_insensitively(client, user, settings):
    for _ in range(settings.LOGIN_LOCK_AFTER):
        client.post(reverse("login"), {"username": "NOTULIST", "password": "fout"})
    assert throttle.is_locked("notulist")


def test_it_slows_down_from_the_third_failure(settings):
    settings.LOGIN_SLOWDOWN_SECONDS = 0.5
    assert [throttle.delay_after(n) for n in (1, 2, 3, 4, 5, 9)] == [0, 0, 0.5, 1, 2, 4]
