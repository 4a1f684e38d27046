"""WSGI entry point for Voisinage: the module-level callable ``application``."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "voisinage.settings")

application = get_wsgi_application()
