"""Production settings pass Django's deployment checks, and the command line starts with the
settings a development machine and a production machine give it."""

import os
import subprocess
import sys

import pytest
from django.conf import settings

pytestmark = pytest.mark.subprocess


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
