import os

import pytest
from django.contrib.auth.models import Group, User
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from organisation.credit_code import check_character
from organisation.models import Agency
from organisation.roles import sync_role_groups

_serial = iter(range(1, 10**6))

# Property tests (tests/test_hostile_input.py): few examples in CI, more with
# HYPOTHESIS_EXAMPLES=500 locally. Fixtures (database, client) are shared by the examples of
# one test on purpose; no example database, so nothing is written beside the project.
hypothesis_settings.register_profile(
    "portal",
    max_examples=int(os.environ.get("HYPOTHESIS_EXAMPLES", "25")),
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
hypothesis_settings.load_profile("portal")


def make_credit_code(seed=None):
    """A valid 统一社会信用代码 for a 机关 (prefix 11), unique per call."""
    number = seed if seed is not None else next(_serial)
    first17 = f"11341523{number:09d}"
    return first17 + check_character(first17)


@pytest.fixture(autouse=True)
def _plain_static_storage(settings):
    """Tests render templates without running collectstatic first."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.WHITENOISE_AUTOREFRESH = True


@pytest.fixture(autouse=True)
def _clear_cache():
    from django.core.cache import cache

    from catalog import navigation
    from workcalendar import workdays

    cache.clear()
    navigation._memo.clear()
    workdays.clear_cache()  # entered holidays of a rolled-back test must not linger
    yield
    cache.clear()


@pytest.fixture
def make_agency(db):
    def make(name, parent=None, kind=Agency.Kind.DEPARTMENT, **fields):
        return Agency.objects.create(
            name=name, credit_code=make_credit_code(), kind=kind, parent=parent, **fields
        )

    return make


@pytest.fixture
def county(make_agency):
    return make_agency("舒城县人民政府", kind=Agency.Kind.GOVERNMENT, phone="0564-8622000")


@pytest.fixture
def agency_a(make_agency, county):
    return make_agency("舒城县财政局", parent=county)


@pytest.fixture
def agency_b(make_agency, county):
    return make_agency("舒城县教育体育局", parent=county)


@pytest.fixture
def make_staff(db):
    """A staff user with the given roles (group names) in the given agencies."""
    sync_role_groups()

    def make(username, roles=(), agencies=(), password="correct-horse-9"):
        user = User.objects.create_user(username, password=password, is_staff=True)
        user.groups.set(Group.objects.filter(name__in=roles))
        for agency in agencies:
            agency.staff.add(user)
        return user

    return make


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    """Staff fixtures set passwords; the production hasher is deliberately slow."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def make_xlsx(tmp_path):
    """Write rows (the first one the header row) to an .xlsx file with plain openpyxl; return its path."""
    from openpyxl import Workbook

    def make(rows, name="upload.xlsx"):
        workbook = Workbook()
        sheet = workbook.active
        for row in rows:
            sheet.append(list(row))
        path = tmp_path / name
        workbook.save(path)
        return path

    return make


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Catalog attachments go to a temporary folder, not media/."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _private_files_in_tmp(tmp_path, monkeypatch):
    """Request attachments (personal data) go to a temporary folder, not private_media/."""
    from django.core.files.storage import FileSystemStorage

    from requests_app.models import RequestAttachment

    storage = FileSystemStorage(location=tmp_path / "private")
    monkeypatch.setattr(RequestAttachment._meta.get_field("file"), "storage", storage)


@pytest.fixture(autouse=True)
def online_requests_filed_now_arrive_today(monkeypatch):
    """An online request a test files "now" is received today, whatever the hour or weekday.

    The real rule (after 17:00 or on a rest day → the next working day, docs/legal-rules.md §2)
    would otherwise make a suite run in the evening or at a weekend file requests received
    tomorrow, which staff cannot yet answer. The rule itself is tested with fixed moments in
    tests/test_deadlines.py, which this leaves alone: only a moment within minutes of the real
    clock is moved.
    """
    import datetime

    from django.utils import timezone

    from requests_app import deadlines

    real_rule = deadlines.online_received_date

    def received(submitted_at, cutoff=None):
        if cutoff is None and abs(submitted_at - timezone.now()) < datetime.timedelta(minutes=5):
            return timezone.localdate(submitted_at)
        return real_rule(submitted_at, cutoff)

    monkeypatch.setattr(deadlines, "online_received_date", received)


from tests.smtp import smtp_server  # noqa: E402,F401 -- the local SMTP server fixture
