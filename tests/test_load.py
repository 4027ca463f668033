"""Under load (PostgreSQL): request submissions through the public form and publications
through the admin, all at once in many threads with their own connections, give unique,
gap-free 申请编号 and 索引号 per agency and lose no write; racing staff on one request
neither lose an attachment nor answer twice.

(tests/test_requests_numbering.py and tests/test_numbering.py race each numbering alone
through the model methods; here both race together through the web paths.)
"""

import threading

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, connections
from django.test import Client
from django.utils import timezone

from catalog.models import IndexCounter, Item, ItemEvent
from requests_app.models import Request, RequestAttachment, RequestEvent
from requests_app.models.workflow import TransitionError
from tests.access import PDF, build_world
from tests.applying import PERSON, form_url, hidden_values
from tests.items import cleared, new_item

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL"),
]

SUBMISSIONS_PER_AGENCY = 10
PUBLICATIONS_PER_AGENCY = 6


def run_together(jobs, timeout=120):
    """Run the callables at the same moment, each in its own thread and connection; return
    the exceptions they raised."""
    start = threading.Barrier(len(jobs))
    errors = []

    def run(job):
        try:
            start.wait(timeout=30)
            job()
        except Exception as error:  # noqa: BLE001 -- returned to the test
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout)
    assert not any(thread.is_alive() for thread in threads), "a thread hung"
    return errors


@pytest.fixture
def world(make_agency, make_staff, settings):
    settings.REQUESTS_APPLY_RATE = "100000/h"
    settings.REQUESTS_FORM_RATE = "100000/h"
    return build_world(make_agency, make_staff)


def test_submissions_and_publications_racing_get_gap_free_numbers(world):
    agencies = (world.agency_a, world.agency_b)
    reviewer = {world.agency_a: world.users["staff_a"], world.agency_b: world.users["staff_b"]}
    forms, pending = [], []
    for agency in agencies:
        for n in range(SUBMISSIONS_PER_AGENCY):
            client = Client()
            page = client.get(form_url(agency)).content.decode()
            name = f"{agency.name[3:5]}申请人{n}"
            data = {**PERSON, **hidden_values(page), "applicant_name": name}
            forms.append((client, agency, data))
        for n in range(PUBLICATIONS_PER_AGENCY):
            item = new_item(agency, reviewer[agency], title=f"{agency.name}并发发布{n}")
            item.submit(reviewer[agency])
            cleared(item, reviewer[agency])
            client = Client()
            client.force_login(reviewer[agency])
            pending.append((client, item))
    this_year = timezone.localdate().year
    published_before = {
        a: Item.objects.filter(agency=a, index_year=this_year).count() for a in agencies
    }
    responses = []

    def submit(client, agency, data):
        return lambda: responses.append(client.post(form_url(agency), data))

    def publish(client, item):
        return lambda: responses.append(
            client.post(f"/admin/catalog/item/{item.pk}/workflow/publish/")
        )

    jobs = [submit(*form) for form in forms] + [publish(*p) for p in pending]
    assert run_together(jobs) == []
    assert [response.status_code for response in responses] == [302] * len(jobs)

    # 申请编号: every form is one request, and the year's numbers (one series for the whole
    # portal) run without gaps.
    year = Request.objects.latest("pk").received_on.year
    numbers = sorted(
        Request.objects.filter(received_on__year=year).values_list("number", flat=True)
    )
    assert numbers == [f"YS{year}-{n:06d}" for n in range(1, len(numbers) + 1)]
    for agency in agencies:
        assert Request.objects.filter(agency=agency).count() >= SUBMISSIONS_PER_AGENCY
        # 索引号: every pending item is published, serials continue without gaps.
        serials = sorted(
            Item.objects.filter(agency=agency, index_year=this_year).values_list(
                "index_serial", flat=True
            )
        )
        assert serials == list(range(1, len(serials) + 1))
        assert len(serials) == published_before[agency] + PUBLICATIONS_PER_AGENCY
        counter = IndexCounter.objects.get(agency=agency, year=this_year)
        assert counter.last_serial == serials[-1]
    # No lost write: each applicant's request is there once, with its log entry.
    for _, agency, data in forms:
        request = Request.objects.get(agency=agency, applicant_name=data["applicant_name"])
        assert RequestEvent.objects.filter(request=request, kind="submitted").count() == 1
    for _, item in pending:
        item.refresh_from_db()
        assert item.status == Item.Status.PUBLISHED and item.index_number
        assert ItemEvent.objects.filter(item=item, action="published").count() == 1


def test_racing_uploads_to_one_request_keep_every_file_up_to_the_limit(world):
    staff = world.users["staff_a"]
    already = world.request.attachments.count()
    outcomes = []

    def upload(n):
        def job():
            request = Request.objects.get(pk=world.request.pk)
            upload = SimpleUploadedFile(f"材料{n}.pdf", PDF, content_type="application/pdf")
            try:
                request.add_attachment(staff, upload)
                outcomes.append("saved")
            except TransitionError:
                outcomes.append("refused")

        return job

    assert run_together([upload(n) for n in range(24)]) == []
    stored = RequestAttachment.objects.filter(request=world.request).count()
    assert stored == 20 and outcomes.count("saved") == 20 - already
    logged = RequestEvent.objects.filter(request=world.request, kind="attachment_added").count()
    assert logged == stored


def test_two_handlers_answering_at_once_answer_once(world):
    outcomes = []

    def answer(outcome):
        def job():
            request = Request.objects.get(pk=world.request.pk)
            try:
                request.answer(
                    world.users["staff_a"], outcome=outcome, answered_on=request.received_on
                )
                outcomes.append(outcome)
            except TransitionError:
                outcomes.append("refused")

        return job

    assert run_together([answer("granted"), answer("not_held"), answer("granted")]) == []
    request = Request.objects.get(pk=world.request.pk)
    assert sorted(outcomes).count("refused") == 2
    answered = next(outcome for outcome in outcomes if outcome != "refused")
    assert request.status == Request.Status.CLOSED and request.outcome == answered
    assert RequestEvent.objects.filter(request=request, kind="answered").count() == 1
