"""A request's life through every branch, via the model's state-change methods."""

import datetime
from decimal import Decimal

import pytest

from requests_app.models import Consultation, FeeNotice, Request, RequestEvent, TransitionError
from requests_app.outcomes import Outcome
from tests.requesting import freeze_today, make_request

pytestmark = pytest.mark.django_db


def d(text):
    return datetime.date.fromisoformat(text)


@pytest.fixture
def handler(make_staff, agency_a):
    return make_staff("banli", roles=["办理人"], agencies=[agency_a])


@pytest.fixture
def head(make_staff, agency_a):
    return make_staff("fuzeren", roles=["负责人"], agencies=[agency_a])


def events(request):
    return list(RequestEvent.objects.filter(request=request).values_list("kind", flat=True))


def test_numbers_are_one_series_for_the_portal(agency_a, agency_b, handler, monkeypatch):
    """Before, each agency counted its own "2025-00001": two requests had the same number."""
    freeze_today(monkeypatch, "2025-12-31")
    first, _ = make_request(agency_a, handler)
    second, _ = make_request(agency_a, handler)
    other, _ = make_request(agency_b, handler)
    old, _ = make_request(agency_a, handler, received_on="2024-12-30")
    assert [first.number, second.number, other.number, old.number] == [
        "YS2025-000001",
        "YS2025-000002",
        "YS2025-000003",
        "YS2024-000001",
    ]
    assert first.status == Request.Status.IN_PROGRESS
    assert events(first) == ["registered"]


def test_generated_numbers_skip_imported_ones(agency_a, agency_b, monkeypatch):
    freeze_today(monkeypatch, "2025-12-31")
    imported, _ = make_request(agency_a)  # YS2025-000001
    Request.objects.filter(pk=imported.pk).update(number="YS2025-000002")  # as a ledger might
    assert make_request(agency_b)[0].number == "YS2025-000003"
    assert make_request(agency_a)[0].number == "YS2025-000004"


def test_query_code_finds_the_request_by_its_number_or_its_old_one(agency_a, agency_b, monkeypatch):
    freeze_today(monkeypatch, "2025-12-31")
    mine, code = make_request(agency_a)
    theirs, their_code = make_request(agency_b)
    # Numbered per agency before: both had 2025-00001, kept as 原申请编号.
    Request.objects.update(original_number="2025-00001")
    assert len(code) == 14 and code.count("-") == 2
    assert Request.objects.get_by_number_and_code(mine.number, code) == mine
    assert Request.objects.get_by_number_and_code(f" {mine.number.lower()} ", code.lower()) == mine
    assert Request.objects.get_by_number_and_code("ＹＳ2025-000001", code) == mine  # full-width
    assert Request.objects.get_by_number_and_code("2025-00001", code) == mine
    assert Request.objects.get_by_number_and_code("2025-00001", their_code) == theirs
    assert Request.objects.get_by_number_and_code(theirs.number, their_code) == theirs
    with pytest.raises(Request.DoesNotExist):
        Request.objects.get_by_number_and_code(mine.number, their_code)
    with pytest.raises(Request.DoesNotExist):
        Request.objects.get_by_number_and_code(mine.number, "AAAA-BBBB-CCCC")
    assert code not in mine.query_code_hash


def test_reset_query_code_invalidates_the_old_one(agency_a, handler, monkeypatch):
    freeze_today(monkeypatch, "2025-12-31")
    request, old = make_request(agency_a)
    new = request.reset_query_code(handler)
    assert request.check_code(new) and not request.check_code(old)


def test_online_submission_is_confirmed_by_staff(agency_a, handler, monkeypatch):
    freeze_today(monkeypatch, "2025-10-09")
    at = datetime.datetime(2025, 10, 1, 10, tzinfo=datetime.UTC)
    fields = {
        "applicant_kind": "business",
        "applicant_name": "舒城某某建材有限公司",
        "id_type": "credit_code",
        "description": "某项目环评批复",
    }
    request, code = Request.submit_online(
        agency=agency_a, submitted_at=at, submission_key="k1", **fields
    )
    assert request.status == Request.Status.SUBMITTED
    assert request.received_on == d("2025-10-09")  # 国庆 holiday: next working day
    again, no_code = Request.submit_online(
        agency=agency_a, submitted_at=at, submission_key="k1", **fields
    )
    assert again == request and no_code is None
    assert Request.objects.count() == 1
    with pytest.raises(TransitionError):
        request.answer(handler, outcome=Outcome.GRANTED)
    request.confirm_receipt(handler)
    assert request.status == Request.Status.IN_PROGRESS
    assert events(request) == ["submitted", "confirmed"]
    with pytest.raises(TransitionError):
        request.confirm_receipt(handler)


def test_plain_answer_closes_with_one_outcome(agency_a, handler, monkeypatch):
    freeze_today(monkeypatch, "2025-03-20")
    request, _ = make_request(agency_a, handler)
    assert request.due() == (d("2025-03-31"), False)
    request.answer(handler, outcome=Outcome.GRANTED, content="见附件")
    request.refresh_from_db()
    assert (request.status, request.outcome, request.closed_on) == (
        Request.Status.CLOSED,
        Outcome.GRANTED,
        d("2025-03-20"),
    )
    assert request.answer_record.legal_basis.endswith("第三十六条第（二）项")
    assert request.handling_state(d("2025-06-01")).label == "已办结"
    with pytest.raises(TransitionError, match="已办结"):
        request.answer(handler, outcome=Outcome.GRANTED)


def test_refusals_need_reasons(agency_a, handler, monkeypatch):
    freeze_today(monkeypatch, "2025-03-20")
    request, _ = make_request(agency_a, handler)
    with pytest.raises(TransitionError, match="理由"):
        request.answer(handler, outcome=Outcome.STATE_SECRET)
    request.answer(handler, outcome=Outcome.STATE_SECRET, reasons="经审查属于国家秘密")
    assert request.outcome == Outcome.STATE_SECRET


def test_abandonment_outcomes_cannot_be_chosen_as_answers(agency_a, handler, monkeypatch):
    freeze_today(monkeypatch, "2025-03-20")
    request, _ = make_request(agency_a, handler)
    for outcome in (Outcome.NOT_CORRECTED, Outcome.FEE_UNPAID, Outcome.STILL_UNCLEAR):
        with pytest.raises(TransitionError):
            request.answer(handler, outcome=outcome, reasons="x")


def test_correction_restarts_the_clock(agency_a, handler, monkeypatch):
    freeze_today(monkeypatch, "2025-03-05")
    request, _ = make_request(agency_a, handler)
    request.request_correction(handler, items="请写明具体的工程名称")
    assert request.status == Request.Status.AWAITING_CORRECTION
    assert request.correction.deadline == d("2025-03-26")  # 15 working days by default
    assert request.due() is None
    freeze_today(monkeypatch, "2025-03-20")
    request.receive_correction(handler, corrected_on=d("2025-03-20"), note="工程名称：梅河路改造")
    with pytest.raises(TransitionError, match="一次"):
        request.request_correction(handler, items="again", notified_on=d("2025-03-06"))
    assert request.status == Request.Status.IN_PROGRESS
    assert Request.objects.with_clock().get(pk=request.pk).due() == (d("2025-04-18"), False)
    request.answer(handler, outcome=Outcome.STILL_UNCLEAR, reasons="补正后仍无法确定")
    assert events(request) == [
        "registered",
        "correction_requested",
        "correction_received",
        "answered",
    ]


def serve(request, user, letter, day, record_id=None):
    """The letter handed over on `day` (送达 in person)."""
    request.record_service(
        user, letter=letter, record_id=record_id, method="in_person", sent_on=day, received_on=day
    )


def test_correction_notice_must_come_within_seven_working_days(agency_a, handler, monkeypatch):
    freeze_today(monkeypatch, "2025-03-13")
    request, _ = make_request(agency_a, handler)  # received 3 March, limit 12 March
    with pytest.raises(TransitionError, match="7个工作日"):
        request.request_correction(handler, items="x")
    request.request_correction(handler, items="x", notified_on=d("2025-03-12"))


def test_uncorrected_request_is_abandoned_after_the_limit(agency_a, handler, monkeypatch):
    freeze_today(monkeypatch, "2025-03-04")
    request, _ = make_request(agency_a, handler)
    request.request_correction(handler, items="x", deadline=d("2025-03-14"))
    freeze_today(monkeypatch, "2025-03-14")
    with pytest.raises(TransitionError, match="尚未届满"):
        request.abandon_uncorrected(handler)
    freeze_today(monkeypatch, "2025-03-17")
    with pytest.raises(TransitionError, match="尚未登记送达"):  # the limit runs from receipt
        request.abandon_uncorrected(handler)
    serve(request, handler, "correction", d("2025-03-04"))
    request.abandon_uncorrected(handler)
    assert (request.outcome, request.closed_on) == (Outcome.NOT_CORRECTED, d("2025-03-17"))
    assert "视为放弃申请" in request.answer_record.reasons


def test_consultation_pauses_the_clock(agency_a, handler, monkeypatch):
    freeze_today(monkeypatch, "2025-03-10")
    request, _ = make_request(agency_a, handler)
    consultation = request.start_consultation(
        handler, kind=Consultation.Kind.THIRD_PARTY, addressee="某某公司", matter="合同金额"
    )
    assert request.status == Request.Status.CONSULTING
    assert request.due() == (d("2025-04-22"), False)  # awaiting: the whole 15 days
    with pytest.raises(TransitionError):
        request.answer(handler, outcome=Outcome.GRANTED)
    with pytest.raises(TransitionError, match="尚未届满"):
        request.record_consultation_reply(handler, consultation, opinion="no_reply")
    freeze_today(monkeypatch, "2025-03-14")
    request.record_consultation_reply(
        handler, consultation, opinion="objection", summary="涉及商业秘密"
    )
    assert request.status == Request.Status.IN_PROGRESS
    assert request.due() == (d("2025-04-07"), False)
    request.answer(handler, outcome=Outcome.THIRD_PARTY, reasons="第三方不同意公开")


def test_silent_third_party_pauses_at_most_fifteen_days(agency_a, handler, monkeypatch):
    freeze_today(monkeypatch, "2025-03-10")
    request, _ = make_request(agency_a, handler)
    consultation = request.start_consultation(
        handler, kind=Consultation.Kind.AGENCY, addressee="县财政局", matter="x"
    )
    freeze_today(monkeypatch, "2025-04-01")
    serve(request, handler, "consultation", d("2025-03-10"), consultation.pk)
    request.record_consultation_reply(handler, consultation, opinion="no_reply")
    assert request.due() == (d("2025-04-22"), False)


def test_extension_needs_head_of_office_approval(agency_a, handler, head, make_staff, monkeypatch):
    freeze_today(monkeypatch, "2025-03-20")
    request, _ = make_request(agency_a, handler)
    request.request_extension(handler, reason="信息量大，需要调档")
    assert request.due() == (d("2025-03-31"), False)  # not yet approved
    with pytest.raises(TransitionError, match="负责人"):
        request.decide_extension(handler, approve=True)
    other_head = make_staff("other_head", roles=["负责人"], agencies=[])
    with pytest.raises(TransitionError, match="负责人"):
        request.decide_extension(other_head, approve=True)
    request.decide_extension(head, approve=True)
    request.refresh_from_db()
    assert request.extension.decided_by == head and request.extension.decided_at
    assert request.due() == (d("2025-04-28"), False)
    with pytest.raises(TransitionError, match="只能一次"):
        request.request_extension(handler, reason="again")


def test_extension_after_the_original_due_date_is_refused(agency_a, handler, head, monkeypatch):
    freeze_today(monkeypatch, "2025-03-28")
    request, _ = make_request(agency_a, handler)
    request.request_extension(handler, reason="x")
    freeze_today(monkeypatch, "2025-04-01")
    with pytest.raises(TransitionError, match="已过"):
        request.decide_extension(head, approve=True)
    request.decide_extension(head, approve=False, note="应按期答复")
    request.request_extension(handler, reason="再次提请")  # a refused one may be asked again


def test_fee_notice_pauses_and_payment_resumes(agency_a, handler, monkeypatch):
    freeze_today(monkeypatch, "2025-03-10")
    request, _ = make_request(agency_a, handler)
    notice = request.issue_fee_notice(handler, basis=FeeNotice.Basis.PER_PAGE, pages=120)
    assert notice.amount == Decimal("1100")  # 70×10 + 20×20
    assert notice.pay_by == d("2025-04-08")
    assert request.status == Request.Status.AWAITING_PAYMENT
    freeze_today(monkeypatch, "2025-03-12")
    request.record_payment(handler)
    assert request.fee_amount == Decimal("1100")
    assert request.due() == (d("2025-04-02"), False)


def test_fee_per_request_counts_the_applicants_month(agency_a, handler, monkeypatch):
    freeze_today(monkeypatch, "2025-03-31")
    requests = [
        make_request(agency_a, handler, received_on=f"2025-03-{day:02d}")[0] for day in range(3, 14)
    ]
    make_request(agency_a, handler, received_on="2025-02-28")  # another month
    make_request(agency_a, handler, received_on="2025-03-05", id_number="340000199001011234")
    with pytest.raises(TransitionError, match="不收费"):
        requests[9].issue_fee_notice(handler, basis=FeeNotice.Basis.PER_REQUEST)
    notice = requests[10].issue_fee_notice(handler, basis=FeeNotice.Basis.PER_REQUEST)
    assert (notice.quantity, notice.amount) == (11, Decimal("100"))


def test_unpaid_fee_abandons_the_request(agency_a, handler, monkeypatch):
    freeze_today(monkeypatch, "2025-03-10")
    request, _ = make_request(agency_a, handler)
    notice = request.issue_fee_notice(handler, basis=FeeNotice.Basis.PER_PAGE, pages=40)
    serve(request, handler, "fee", d("2025-03-10"), notice.pk)
    freeze_today(monkeypatch, "2025-04-09")
    with pytest.raises(TransitionError, match="已过"):
        request.record_payment(handler)
    request.abandon_unpaid(handler)
    assert request.outcome == Outcome.FEE_UNPAID


def test_the_event_log_is_append_only(agency_a, handler, monkeypatch):
    freeze_today(monkeypatch, "2025-03-10")
    request, _ = make_request(agency_a, handler)
    event = request.events.get()
    assert event.actor == handler
    event.message = "changed"
    with pytest.raises(Exception, match="只能追加"):
        event.save()
    with pytest.raises(Exception, match="只能追加"):
        event.delete()


def test_update_details_logs_field_names_not_values(agency_a, handler, monkeypatch):
    freeze_today(monkeypatch, "2025-03-10")
    request, _ = make_request(agency_a, handler)
    request.update_details(handler, phone="13900000000", applicant_name="张三丰")
    event = request.events.last()
    assert event.kind == "edited" and "联系电话" in event.message
    assert "13900000000" not in event.message
    with pytest.raises(TransitionError):
        request.update_details(handler, status="closed")


def test_for_staff_scopes_requests(agency_a, agency_b, county, handler, make_staff, monkeypatch):
    freeze_today(monkeypatch, "2025-03-10")
    mine, _ = make_request(agency_a)
    theirs, _ = make_request(agency_b)
    office = make_staff("gkb", roles=["公开办"], agencies=[county])
    stranger = make_staff("x", roles=["办理人"], agencies=[])
    assert list(Request.objects.for_staff(handler)) == [mine]
    assert set(Request.objects.for_staff(office)) == {mine, theirs}
    assert not Request.objects.for_staff(stranger).exists()


def test_a_due_date_in_an_unknown_year_is_provisional(agency_a, monkeypatch):
    freeze_today(monkeypatch, "2026-12-20")
    request, _ = make_request(agency_a, received_on="2026-12-10")
    due = request.due()
    assert due == (d("2027-01-08"), True) and str(due) == "2027-01-08（暂定）"
