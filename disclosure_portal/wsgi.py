import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "disclosure_portal.settings")
application = get_wsgi_application()

# Readied here, as each gunicorn worker starts, before its first request: only the server runs
# this module (tests and manage.py commands do not, as they would an AppConfig.ready()).
# 1. The URLconf and so every view module, the API's DRF and drf-spectacular among them, and
#    what DRF imports on its first response: a fresh worker spent ~150 ms of its first request
#    importing them.
# 2. gc.freeze(): what is loaded by now stays for the worker's life, so the cyclic garbage
#    collector stops walking it. The API builds a dict per row; the full collections its
#    garbage sets off walked ~150,000 such objects, 60–70 ms each, every ~60 requests: the
#    API's p95 under load (docs/performance.md §8). Frozen, they take 10–30 ms.
from django.urls import get_resolver  # noqa: E402
from rest_framework.settings import api_settings  # noqa: E402

get_resolver().url_patterns  # noqa: B018 -- imports the views
api_settings.DEFAULT_RENDERER_CLASSES  # noqa: B018 -- imports DRF's renderers
api_settings.DEFAULT_CONTENT_NEGOTIATION_CLASS  # noqa: B018
gc.freeze()
