"""The portal served as in production: gunicorn, sync workers, DEBUG off, persistent connections."""

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.db import connection


def worker_count():
    """gunicorn's advice: 2 × cores + 1 sync workers."""
    return 2 * (os.cpu_count() or 1) + 1


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_environment():
    env = dict(os.environ)
    env.update(
        {
            "DATABASE_URL": database_url(),
            "DEBUG": "0",
            "CONN_MAX_AGE": "600",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            # The generator hashed the requests' query codes with this key: keep it.
            "SECRET_KEY": settings.SECRET_KEY,
            "STATIC_MANIFEST": "1",
            "LOG_LEVEL": "ERROR",
            # One client sends every request: measure the form, not the per-address limit.
            "REQUESTS_FORM_RATE": "1000000/h",
            "OPENDATA_RATE": "1000000/h",  # the API's per-address limit (opendata/http.py)
        }
    )
    return env


def database_url():
    db = connection.settings_dict
    host = db.get("HOST") or "127.0.0.1"
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{db['USER']}{password}@{host}:{db.get('PORT') or 5432}/{db['NAME']}"


@contextmanager
def gunicorn(workers=None, log=print):
    """Run gunicorn on a free local port for the duration of the block; yield its base URL."""
    port = free_port()
    workers = workers or worker_count()
    executable = shutil.which("gunicorn", path=str(Path(sys.executable).parent)) or "gunicorn"
    command = [
        executable,
        "disclosure_portal.wsgi:application",
        f"--workers={workers}",
        "--worker-class=sync",
        f"--bind=127.0.0.1:{port}",
        "--timeout=120",
        "--log-level=warning",
    ]
    log(f"  gunicorn: {workers} sync workers on 127.0.0.1:{port}")
    process = subprocess.Popen(  # noqa: S603 -- our own arguments, no shell
        command, cwd=settings.BASE_DIR, env=server_environment()
    )
    base_url = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(base_url, process)
        yield base_url
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def wait_until_up(base_url, process, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("gunicorn exited while starting")
        try:
            with urllib.request.urlopen(f"{base_url}/healthz", timeout=2) as response:  # noqa: S310
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError("gunicorn did not answer within a minute")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # a redirect (to the login page, say) is an answer to report, not to follow


def fetch_status(base_url, path, cookie=""):
    """One GET through the real server: its status code, redirects and errors included."""
    request = urllib.request.Request(base_url + path, headers={"Cookie": cookie} if cookie else {})  # noqa: S310
    try:
        with urllib.request.build_opener(_NoRedirect).open(request, timeout=120) as response:
            response.read()
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
