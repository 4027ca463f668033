"""The WSGI module readies a server process before its first request (disclosure_portal/wsgi.py):
every view module imported, the API's DRF and drf-spectacular among them, and what is loaded
by then kept out of the garbage collector's way. Checked in a fresh interpreter, as gunicorn
starts a worker."""

import os
import subprocess
import sys

from django.conf import settings

CHECK = """
import gc, sys
import disclosure_portal.wsgi
loaded = [name for name in ("opendata.views", "drf_spectacular.views", "rest_framework.renderers",
                            "catalog.views", "requests_app.views") if name in sys.modules]
print(len(loaded), gc.get_freeze_count() > 10000)
"""


def test_a_worker_is_ready_before_its_first_request():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "disclosure_portal.settings"}
    result = subprocess.run(  # noqa: S603 -- our own interpreter and code
        [sys.executable, "-c", CHECK],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    assert result.stdout.split() == ["5", "True"], result.stderr
