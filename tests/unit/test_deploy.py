"""Production settings pass Django's deployment checks; every page carries a strict CSP."""

import os
import subprocess
import sys

import pytest
from django.conf import settings


def production_env(**extra):
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_URL", "PYTEST"))
    }
    env |= {
        "DJANGO_SECRET_KEY": "x9-" + "production-secret-key-long-and-random-" * 2,
        "DJANGO_ALLOWED_HOSTS": "effectencalculator.example.nl",
        "DJANGO_DEBUG": "0",
    }
    return env | extra


def manage(*args, env):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_it_passes_the_deployment_checks_without_warnings():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=production_env())
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_it_runs_the_command_line_on_a_development_machine_with_nothing_set():
    env = production_env()
    for name in ("DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS", "DJANGO_DEBUG"):
        del env[name]
    result = manage("check", env=env)
    assert result.returncode == 0, result.stderr


def test_it_refuses_to_start_in_production_without_a_secret_key():
    env = production_env()
    del env["DJANGO_SECRET_KEY"]
    result = manage("check", env=env)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


@pytest.mark.django_db
def test_it_sends_a_content_security_policy_with_a_nonce(client):
    response = client.get("/inloggen/")
    policy = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self' 'nonce-" in policy
    assert "unsafe-inline" not in policy
    nonce = policy.split("'nonce-")[1].split("'")[0]
    assert f'nonce="{nonce}"' in response.content.decode()
    assert response.headers["X-Frame-Options"] == "DENY"
