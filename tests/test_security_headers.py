"""Every page carries the security headers; no template carries inline script.

The policy is pinned here directive by directive, so loosening it (an 'unsafe-inline'
for scripts, a third-party source, dropping frame-ancestors) fails a test.
"""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from organisation.roles import INFORMATION_OFFICER, SYSTEM_ADMIN

pytestmark = pytest.mark.django_db

TEMPLATE_DIRS = [Path(settings.BASE_DIR) / "templates"] + [
    path for path in Path(settings.BASE_DIR).glob("*/templates") if ".venv" not in path.parts
]


def parse_csp(header):
    directives = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            directives[words[0]] = words[1:]
    return directives


def assert_security_headers(response):
    """The headers every HTML response of the portal must carry (used by other test modules)."""
    csp = parse_csp(response["Content-Security-Policy"])
    assert csp["default-src"] == ["'self'"]
    assert csp["script-src"] == ["'self'"], "scripts only from the portal's own files"
    assert csp["style-src"] == ["'self'"]
    assert csp["object-src"] == ["'none'"]
    assert csp["base-uri"] == ["'self'"]
    assert csp["form-action"] == ["'self'"]
    assert csp["frame-ancestors"] == ["'none'"]
    for sources in csp.values():
        assert "'unsafe-eval'" not in sources
        assert not any(source.startswith(("http:", "https:", "*")) for source in sources)
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    policy = response["Permissions-Policy"]
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert f"{feature}=()" in policy


def test_public_pages_carry_security_headers(client, county, agency_a):
    for url in ["/", reverse("catalog:agency_list"), agency_a.get_absolute_url()]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert_security_headers(response)


def test_not_found_page_carries_security_headers(client, db):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert_security_headers(response)


def test_admin_login_carries_security_headers(client, db):
    response = client.get(reverse("admin:login"))
    assert response.status_code == 200
    assert_security_headers(response)


@pytest.mark.parametrize("roles", [[INFORMATION_OFFICER], [SYSTEM_ADMIN]])
def test_admin_pages_carry_security_headers(client, make_staff, agency_a, roles):
    client.force_login(make_staff("someone", roles, [agency_a]))
    # admin:index is the staff home's redirect; admin:models is the admin's own index.
    urls = ["staff_home", "admin:models", "admin:organisation_agency_changelist"]
    for url in map(reverse, urls):
        response = client.get(url)
        assert response.status_code in (200, 403), url
        assert_security_headers(response)


def test_csp_forbids_inline_script_but_allows_style_attributes_only():
    directives = settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]
    assert "'unsafe-inline'" not in directives["script-src"]
    assert "script-src-attr" not in directives and "script-src-elem" not in directives
    # django-mptt's admin tree indents rows with style attributes; <style> elements stay banned.
    assert "'unsafe-inline'" not in directives["style-src"]
    assert "style-src-elem" not in directives


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/(?:ld\+)?json\")")
EVENT_HANDLER = re.compile(r"\son[a-z]+\s*=", re.IGNORECASE)
JS_URL = re.compile(r"""(?:href|src|action)\s*=\s*["']?\s*javascript:""", re.IGNORECASE)
STYLE_ELEMENT = re.compile(r"<style[\s>]", re.IGNORECASE)


def project_templates():
    for directory in TEMPLATE_DIRS:
        yield from sorted(directory.rglob("*.html"))


def test_templates_exist_to_scan():
    assert any(path.name == "base.html" for path in project_templates())


@pytest.mark.parametrize(
    "path",
    list(project_templates()),
    ids=lambda path: str(path.relative_to(settings.BASE_DIR)),
)
def test_template_has_no_inline_script_or_style_element(path):
    """The CSP would block these in the browser: the page would silently lose behaviour."""
    text = path.read_text(encoding="utf-8")
    problems = [
        f"{name}: {match.group(0)!r}"
        for name, pattern in [
            ("inline <script>", INLINE_SCRIPT),
            ("on*= event handler", EVENT_HANDLER),
            ("javascript: URL", JS_URL),
            ("<style> element", STYLE_ELEMENT),
        ]
        for match in pattern.finditer(text)
    ]
    assert not problems, f"{path}: {problems} (move it to a file under static/)"
