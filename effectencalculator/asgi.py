"""The ASGI application, as uvicorn serves it (scripts/run, scripts/serve).

ASGI is what lets the session screens hold their streams of Server-Sent Events open
(cases/views/live.py) without a thread each. In development (DEBUG) the static files are
served here too, as ``runserver`` would; in production WhiteNoise serves them.
"""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "effectencalculator.settings")

application = get_asgi_application()

from django.conf import settings  # noqa: E402 — after the set-up above

if settings.DEBUG:
    from django.contrib.staticfiles.handlers import ASGIStaticFilesHandler  # noqa: E402

    application = ASGIStaticFilesHandler(application)
