"""WSGI entry point for Voisinage: the module-level callable ``application``."""

import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "voisinage.settings")

application = get_wsgi_application()

# Everything imported so far lives as long as the process: keep it out of the garbage
# collector's full passes, which otherwise stall list requests (measured in bench/).
gc.collect()
gc.freeze()
