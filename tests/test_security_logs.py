"""What reaches the server log in production: no mail content, no tracebacks of refusals
(issue 17, finding 4). What staff search for is tested in tests/test_staff_search.py."""

import logging
import runpy
from pathlib import Path

import pytest
from django.core import mail

from organisation.roles import HANDLER, INFORMATION_OFFICER
from requests_app.models import Request
from tests.applying import PERSON, submit

SETTINGS_FILE = Path(__file__).resolve().parent.parent / "disclosure_portal" / "settings.py"
NO_SERVER = "disclosure_portal.mail.NoMailServerBackend"


@pytest.mark.parametrize(
    ("env", "backend"),
    [
        ({"DEBUG": "0"}, NO_SERVER),
        ({"DEBUG": "1"}, "django.core.mail.backends.console.EmailBackend"),
        (
            {"DEBUG": "0", "EMAIL_HOST": "smtp.example.gov.cn"},
            "django.core.mail.backends.smtp.EmailBackend",
        ),
    ],
    ids=["production-without-server", "development", "production-with-server"],
)
def test_production_never_prints_mail_to_the_console(monkeypatch, env, backend):
    """Before: with EMAIL_HOST unset the console backend printed every receipt (name, e-mail,
    number, query code) to stdout even with DEBUG off."""
    for name in ("EMAIL_HOST", "EMAIL_BACKEND"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert runpy.run_path(str(SETTINGS_FILE))["EMAIL_BACKEND"] == backend


@pytest.mark.django_db
def test_a_receipt_without_mail_server_is_refused_not_printed(
    client, agency_a, settings, caplog, capsys, django_capture_on_commit_callbacks
):
    """The request stands, the log says a receipt was not sent, and nothing names the applicant."""
    settings.EMAIL_BACKEND = NO_SERVER
    caplog.set_level(logging.INFO)
    with django_capture_on_commit_callbacks(execute=True):
        response = submit(client, agency_a)
    assert response.status_code == 302
    obj = Request.objects.get()
    assert mail.outbox == []
    assert f"receipt e-mail for request {obj.pk} not sent: MailServerNotConfigured" in caplog.text
    printed = capsys.readouterr()
    logged = caplog.text + printed.out + printed.err
    for secret in (PERSON["applicant_name"], PERSON["email"], PERSON["id_number"], obj.number):
        assert secret not in logged


@pytest.mark.django_db
def test_refusals_are_logged_without_traceback(client, make_staff, caplog):
    """Before: each 403 and 404 was logged with its exception's traceback."""
    client.force_login(make_staff("officer", roles=[INFORMATION_OFFICER]))
    caplog.set_level(logging.WARNING)
    assert client.get("/staff/requests/new/").status_code == 403
    client.force_login(make_staff("handler", roles=[HANDLER]))
    assert client.get("/staff/requests/999999/").status_code == 404
    refusals = [r for r in caplog.records if r.name == "django.request"]
    assert [r.status_code for r in refusals] == [403, 404]
    assert all(r.exc_info is None and not r.exc_text for r in refusals)
    assert "Traceback" not in caplog.text


@pytest.mark.django_db
def test_server_errors_keep_their_traceback(client, make_staff, caplog, monkeypatch):
    from requests_app import views

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(views.f, "WorklistFilterForm", broken)
    client.raise_request_exception = False
    client.force_login(make_staff("handler", roles=[HANDLER]))
    assert client.get("/staff/requests/?view=open").status_code == 500
    (error,) = [r for r in caplog.records if r.name == "django.request"]
    assert error.exc_info is not None
