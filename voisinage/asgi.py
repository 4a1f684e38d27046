"""ASGI entry point for Voisinage: the module-level callable ``application``."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "voisinage.settings")

application = get_asgi_application()
