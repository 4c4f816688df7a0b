"""WSGI entry point: gunicorn astrophoto.wsgi."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "astrophoto.settings")

application = get_wsgi_application()
