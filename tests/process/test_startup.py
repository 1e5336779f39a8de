"""Start-up stays light: `manage.py check` (which loads the settings, every app and the URL
configuration, and so every view module) imports none of the heavy libraries. They are
imported where a PDF or a spreadsheet is made; ruff's TID253 bans them at module level. The
single-sign-on flow (requests, PyJWT, cryptography) is loaded by its first request, through
accounts.sso, and never while single sign-on is off."""

import subprocess
import sys

import pytest
from django.conf import settings

from tests.process.test_deploy import production_env

pytestmark = pytest.mark.subprocess

HEAVY = ("weasyprint", "openpyxl", "pandas", "requests", "jwt")

# manage.py check, then the names of the heavy modules that ended up loaded.
PROBE = """
import runpy, sys
sys.argv = ["manage.py", "check"]
try:
    runpy.run_path("manage.py", run_name="__main__")
except SystemExit as exit:
    if exit.code:
        raise
print("loaded:", ",".join(sorted({name.split(".")[0] for name in sys.modules} & set(HEAVY))))
"""


def _loaded_after_check(probe: str = PROBE) -> list[str]:
    result = subprocess.run(
        [sys.executable, "-c", f"HEAVY = {HEAVY!r}\n{probe}"],
        cwd=settings.BASE_DIR,
        env=production_env(DJANGO_DEBUG="1"),
        capture_output=True,
        text=True,
        check=True,
    )
    assert "System check identified no issues" in result.stdout
    line = result.stdout.strip().splitlines()[-1]
    return [name for name in line.removeprefix("loaded:").strip().split(",") if name]


def test_manage_py_check_imports_no_heavy_library():
    assert _loaded_after_check() == []


def test_the_probe_sees_a_heavy_library_that_is_imported():
    """The probe itself can fail: a heavy import before the check shows up."""
    assert _loaded_after_check("import openpyxl\n" + PROBE) == ["openpyxl"]
