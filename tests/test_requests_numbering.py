"""Request numbers stay unique when many submissions arrive at once (PostgreSQL)."""

import datetime
import threading

import pytest
from django.db import connection, connections

from requests_app.models import Request, RequestAttachment
from tests.requesting import APPLICANT

needs_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks need PostgreSQL"
)


@needs_postgres
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_online_submissions_get_unique_numbers(agency_a):
    barrier = threading.Barrier(8)
    errors = []
    at = datetime.datetime(2025, 3, 3, 9, tzinfo=datetime.UTC)

    def submit(i):
        try:
            barrier.wait()
            for j in range(5):
                Request.submit_online(
                    agency=agency_a, submitted_at=at, submission_key=f"k{i}-{j}", **APPLICANT
                )
        except Exception as error:  # noqa: BLE001 -- reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=submit, args=(i,)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    numbers = list(Request.objects.values_list("number", flat=True))
    assert len(numbers) == 40
    assert sorted(numbers) == [f"YS2025-{n:06d}" for n in range(1, 41)]


@needs_postgres
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_double_submission_at_the_same_moment_creates_one_request(agency_a):
    barrier = threading.Barrier(4)
    results = []

    def submit():
        try:
            barrier.wait()
            results.append(
                Request.submit_online(agency=agency_a, submission_key="same", **APPLICANT)
            )
        finally:
            connections.close_all()

    threads = [threading.Thread(target=submit) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert Request.objects.count() == 1
    assert len({request.pk for request, _ in results}) == 1
    assert sum(code is not None for _, code in results) == 1


@pytest.mark.django_db
def test_online_attachments_are_checked_by_content(agency_a, tmp_path):
    from django.core.exceptions import ValidationError
    from django.core.files.uploadedfile import SimpleUploadedFile

    fake = SimpleUploadedFile("id.pdf", b"MZ\x90\x00 not a pdf at all", "application/pdf")
    with pytest.raises(ValidationError, match="格式不受支持"):
        Request.submit_online(agency=agency_a, attachments=[fake], **APPLICANT)
    assert not Request.objects.exists()
    pdf = SimpleUploadedFile("身份证.pdf", b"%PDF-1.4\n%\xe2\xe3\n1 0 obj\n", "text/plain")
    request, _ = Request.submit_online(agency=agency_a, attachments=[pdf], **APPLICANT)
    attachment = RequestAttachment.objects.get(request=request)
    assert attachment.content_type == "application/pdf"
    assert attachment.name == "身份证.pdf"
    assert str(tmp_path) in attachment.file.path


@needs_postgres
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_answers_issued_at_once_get_distinct_letter_numbers(agency_a, make_staff):
    """The 文号 series (requests_app/models/letters.py) locks its counter row."""
    from requests_app.outcomes import Outcome
    from tests.requesting import make_request

    handler = make_staff("banli", roles=["办理人"], agencies=[agency_a])
    requests = [make_request(agency_a, handler)[0] for _ in range(6)]
    barrier = threading.Barrier(6)
    errors = []

    def issue(request):
        try:
            barrier.wait()
            Request.objects.get(pk=request.pk).answer(handler, outcome=Outcome.GRANTED)
        except Exception as error:  # noqa: BLE001 -- reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=issue, args=(r,)) for r in requests]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    from requests_app.models import Answer

    numbers = sorted(Answer.objects.values_list("letter_number", flat=True))
    year = datetime.date.today().year
    assert numbers == sorted(f"舒城县财政局依复〔{year}〕{n}号" for n in range(1, 7))
