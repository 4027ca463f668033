"""Production settings pass `manage.py check --deploy` and turn on every transport protection.

The checks run in a fresh interpreter with the environment an operator sets in production,
because settings are read from the environment once, at import time.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parent.parent

PRODUCTION_ENV = {
    "DEBUG": "0",
    "HTTPS": "1",
    "SECRET_KEY": "k3Vq9-prod-like-secret-" + "x7Lp2Rz8Nw4Tb6Yc1Hd5Jf0Mg3Qs9Ua" * 2,
    "ALLOWED_HOSTS": "gk.shucheng.gov.cn",
    "CSRF_TRUSTED_ORIGINS": "https://gk.shucheng.gov.cn",
    # Not connected to by the checks; a shared cache is part of a production setup.
    "REDIS_URL": "redis://127.0.0.1:6379/0",
    # Nor is the mail server: receipts need one, and mail never goes to the log.
    "EMAIL_HOST": "smtp.shucheng.gov.cn",
}
# Set by test tooling (the browser tests), never in production.
TEST_ONLY_ENV = ("DJANGO_ALLOW_ASYNC_UNSAFE",)


def run_manage(*args, env_overrides=None, remove=()):
    env = {**os.environ, **PRODUCTION_ENV, **(env_overrides or {})}
    for name in (*remove, *TEST_ONLY_ENV):
        env.pop(name, None)
    return subprocess.run(  # noqa: S603 - our own manage.py with fixed arguments
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_with_production_environment():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout, result.stdout + result.stderr


def test_check_deploy_is_clean_behind_a_counted_proxy():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env_overrides={"BEHIND_PROXY": "1", "PROXY_COUNT": "1", "MEDIA_SERVE": "accel"},
    )
    assert result.returncode == 0 and "no issues" in result.stdout, result.stdout + result.stderr


@pytest.mark.parametrize(
    ("overrides", "remove", "expected_ids"),
    [
        ({"HTTPS": "0"}, (), ["security.W004", "security.W008", "security.W012", "security.W016"]),
        ({"DEBUG": "1"}, (), ["security.W018"]),
        ({}, ("REDIS_URL",), ["portal.W001"]),
        ({}, ("EMAIL_HOST",), ["portal.E001", "EMAIL_HOST"]),
        (
            {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"},
            (),
            ["portal.E002"],
        ),
        ({"BEHIND_PROXY": "1"}, ("PROXY_COUNT",), ["portal.W002", "PROXY_COUNT"]),
    ],
    ids=[
        "no-https",
        "debug-on",
        "per-process-cache",
        "no-mail-server",
        "mail-to-console",
        "proxy-not-counted",
    ],
)
def test_check_deploy_catches_a_weakened_production_setting(overrides, remove, expected_ids):
    """Proves the clean result above means something: each weakening is reported."""
    result = run_manage(
        "check", "--deploy", "--fail-level", "WARNING", env_overrides=overrides, remove=remove
    )
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    for check_id in expected_ids:
        assert check_id in output, output


@pytest.mark.parametrize(
    "secret_key",
    [None, "", "django-insecure-dev-only-change-me", "short-key", "x" * 60],
    ids=["unset", "empty", "development-default", "short", "repetitive"],
)
def test_production_refuses_to_start_without_a_real_secret_key(secret_key):
    """Finding 6: with DEBUG off the portal ran on the known development key (anyone could forge
    sessions). Now every command refuses to start, naming the variable to set."""
    overrides = {} if secret_key is None else {"SECRET_KEY": secret_key}
    remove = ("SECRET_KEY",) if secret_key is None else ()
    result = run_manage("check", "--deploy", env_overrides=overrides, remove=remove)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and "SECRET_KEY" in result.stderr


def test_development_runs_without_a_secret_key():
    result = run_manage("check", env_overrides={"DEBUG": "1"}, remove=("SECRET_KEY",))
    assert result.returncode == 0, result.stderr


def test_production_settings_protect_cookies_and_transport():
    script = (
        "import json, django\n"
        "from django.conf import settings as s\n"
        "django.setup()\n"
        "print(json.dumps({\n"
        "  'debug': s.DEBUG, 'session_secure': s.SESSION_COOKIE_SECURE,\n"
        "  'csrf_secure': s.CSRF_COOKIE_SECURE, 'session_httponly': s.SESSION_COOKIE_HTTPONLY,\n"
        "  'ssl_redirect': s.SECURE_SSL_REDIRECT, 'hsts': s.SECURE_HSTS_SECONDS,\n"
        "  'hsts_subdomains': s.SECURE_HSTS_INCLUDE_SUBDOMAINS,\n"
        "  'csp': s.CONTENT_SECURITY_POLICY['DIRECTIVES'].get('upgrade-insecure-requests'),\n"
        "  'frame': s.X_FRAME_OPTIONS,\n"
        "}))\n"
    )
    env = {**os.environ, **PRODUCTION_ENV, "DJANGO_SETTINGS_MODULE": "disclosure_portal.settings"}
    for name in TEST_ONLY_ENV:
        env.pop(name, None)
    result = subprocess.run(  # noqa: S603 - a fixed script in this file
        [sys.executable, "-c", script],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout.strip().splitlines()[-1])
    assert values == {
        "debug": False,
        "session_secure": True,
        "csrf_secure": True,
        "session_httponly": True,
        "ssl_redirect": True,
        "hsts": 31536000,
        "hsts_subdomains": True,
        "csp": True,
        "frame": "DENY",
    }
