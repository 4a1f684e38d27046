"""Settings for the benchmarks: the project's settings, as in production where it matters.

``voisinage.settings`` is read with its demo defaults (no secrets needed), then the things that
change what is measured are put back to their production values: DEBUG off (no SQL logging, no
debug pages), plain static files storage (the manifest storage would need collectstatic and
changes nothing in the timings), and the test client's host allowed.
"""

import os

os.environ.setdefault("VOISINAGE_DEMO", "true")

from voisinage.settings import *  # noqa: F403
from voisinage.settings import STORAGES

DEBUG = False
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# The console would print every e-mail a benchmarked request sends; nothing is sent here, unless
# EMAIL_BACKEND says otherwise (bench.run_morning's task workers send to a local SMTP sink).
if not os.environ.get("EMAIL_BACKEND"):
    MAILERS = {
        "default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend", "OPTIONS": {}}
    }
WHITENOISE_USE_FINDERS = False
