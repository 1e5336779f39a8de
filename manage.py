#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""

import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "effectencalculator.settings")
    # The command line works out of the box on a development machine (the workbook commands
    # included); a production environment sets DJANGO_DEBUG=0 and its own DJANGO_SECRET_KEY.
    # The web server (wsgi.py, asgi.py) has no such default and refuses to start without a key.
    os.environ.setdefault("DJANGO_DEBUG", "1")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
