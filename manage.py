#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""

import os
import sys
from pathlib import Path

VENV_PYTHON = Path(__file__).resolve().parent / ".venv" / "bin" / "python"


def use_project_environment() -> None:
    """Run with the project's .venv (made by scripts/run or scripts/test) when started by a
    Python that lacks Django, so that `python manage.py …` works as the README says."""
    try:
        import django  # noqa: F401
    except ImportError:
        if VENV_PYTHON.exists() and Path(sys.prefix).resolve() != VENV_PYTHON.parent.parent:
            # The project's own interpreter, with the arguments this command was given.
            os.execv(VENV_PYTHON, [str(VENV_PYTHON), *sys.argv])  # nosec B606
        raise


def main():
    use_project_environment()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "effectencalculator.settings")
    # The command line works out of the box on a development machine (the workbook commands
    # included); a production environment sets DJANGO_DEBUG=0 and its own DJANGO_SECRET_KEY.
    # The web server (wsgi.py, asgi.py) has no such default and refuses to start without a key.
    os.environ.setdefault("DJANGO_DEBUG", "1")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
