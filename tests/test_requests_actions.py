"""The staff page and the model read one table of what each status allows
(requests_app/models/transitions.py): for every status, the page offers exactly
`Request.allowed_actions`, and every other action is refused by the page and by the model."""

import datetime
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from requests_app.models import Consultation, FeeNotice, Request, TransitionError
from requests_app.models.transitions import ACTIONS
from requests_app.outcomes import Outcome
from requests_app.views import ACTION_FORMS
from tests.requesting import APPLICANT, freeze_today, make_request

pytestmark = pytest.mark.django_db

ALWAYS_WHILE_OPEN = {"details", "reset_code", "attachment", "service"}
# What a 办理人 may do in each situation; a 负责人 may do the same and also decide a pending
# extension. These are the forms the page offered before the table existed.
HANDLER_MAY = {
    "submitted": {"confirm"} | ALWAYS_WHILE_OPEN,
    "in_progress": {
        "correction",
        "answer",
        "draft",
        "fee",
        "consultation",
        "extension",
        "reasons_request",
    }
    | ALWAYS_WHILE_OPEN,
    "corrected": {"answer", "draft", "fee", "consultation", "extension", "reasons_request"}
    | ALWAYS_WHILE_OPEN,
    "awaiting_correction": {"correction_received", "abandon_uncorrected"} | ALWAYS_WHILE_OPEN,
    "consulting": {"consultation", "consultation_reply", "extension"} | ALWAYS_WHILE_OPEN,
    "awaiting_payment": {"payment", "abandon_unpaid", "extension"} | ALWAYS_WHILE_OPEN,
    "extension_pending": {"correction", "answer", "draft", "fee", "consultation", "reasons_request"}
    | ALWAYS_WHILE_OPEN,
    "extension_rejected": {
        "correction",
        "answer",
        "draft",
        "fee",
        "consultation",
        "extension",
        "reasons_request",
    }
    | ALWAYS_WHILE_OPEN,
    "extension_approved": {
        "correction",
        "answer",
        "draft",
        "fee",
        "consultation",
        "reasons_request",
    }
    | ALWAYS_WHILE_OPEN,
    "closed": {"attachment", "service", "correct_answer"},
}
SITUATIONS = list(HANDLER_MAY)


def d(text):
    return datetime.date.fromisoformat(text)


@pytest.fixture
def people(make_staff, agency_a):
    return {
        "handler": make_staff("banli", roles=["办理人"], agencies=[agency_a]),
        "head": make_staff("fuzeren", roles=["负责人"], agencies=[agency_a]),
        "office": make_staff("gongkaiban", roles=["公开办"], agencies=[agency_a]),
    }


def make_situation(name, agency, people, monkeypatch):
    """A request of `agency` in situation `name`, reached through the model's methods."""
    freeze_today(monkeypatch, "2025-03-20")
    handler, head = people["handler"], people["head"]
    if name == "submitted":
        submitted_at = datetime.datetime(2025, 3, 18, 10, tzinfo=datetime.UTC)
        return Request.submit_online(agency=agency, submitted_at=submitted_at, **APPLICANT)[0]
    request, _ = make_request(agency, handler, received_on="2025-03-17")
    if name in ("corrected", "awaiting_correction"):
        request.request_correction(handler, items="请写明工程名称", notified_on=d("2025-03-18"))
    if name == "corrected":
        request.receive_correction(handler, corrected_on=d("2025-03-19"))
    if name == "consulting":
        request.start_consultation(
            handler, kind=Consultation.Kind.THIRD_PARTY, addressee="某公司", matter="合同"
        )
    if name == "awaiting_payment":
        request.issue_fee_notice(handler, basis=FeeNotice.Basis.PER_PAGE, pages=50)
    if name.startswith("extension_"):
        request.request_extension(handler, reason="需调取档案")
    if name == "extension_rejected":
        request.decide_extension(head, approve=False)
    if name == "extension_approved":
        request.decide_extension(head, approve=True)
    if name == "closed":
        request.answer(handler, outcome=Outcome.GRANTED)
    return request


def fresh(request):
    return Request.objects.with_clock().get(pk=request.pk)


def offered(page, request):
    """The actions the staff page offers: the forms it posts to."""
    base = f"/staff/requests/{request.pk}/"
    names = set()
    for url in re.findall(r'<form method="post" action="([^"]+)"', page):
        if url.startswith(f"{base}do/"):
            names.add(url.removeprefix(f"{base}do/").strip("/"))
        elif url == f"{base}reset-code/":
            names.add("reset_code")
        elif url == f"{base}attachments/":
            names.add("attachment")
    return names


def test_every_action_of_the_table_has_a_page_and_a_model_method():
    assert set(ACTION_FORMS) <= set(ACTIONS)
    # buttons of their own; "answer" in one step is the 当场答复 page's
    assert set(ACTIONS) - set(ACTION_FORMS) == {"reset_code", "attachment", "answer"}
    assert set(MODEL_CALLS) == set(ACTIONS)


@pytest.mark.parametrize("situation", SITUATIONS)
def test_the_table_allows_what_the_page_always_offered(situation, agency_a, people, monkeypatch):
    request = fresh(make_situation(situation, agency_a, people, monkeypatch))
    assert request.allowed_actions(people["handler"]) == HANDLER_MAY[situation]
    head_may = HANDLER_MAY[situation] | (
        {"extension_decision"} if situation == "extension_pending" else set()
    )
    assert request.allowed_actions(people["head"]) == head_may
    assert request.allowed_actions(people["office"]) == set()  # may look, not change


@pytest.mark.parametrize("situation", SITUATIONS)
@pytest.mark.parametrize("who", ["handler", "head", "office"])
def test_the_page_offers_exactly_the_allowed_actions(
    situation, who, client, agency_a, people, monkeypatch
):
    request = make_situation(situation, agency_a, people, monkeypatch)
    client.force_login(people[who])
    page = client.get(f"/staff/requests/{request.pk}/").content.decode()
    # the one-step answer is the 当场答复 page's; the request's page drafts, previews and issues
    assert offered(page, request) == fresh(request).allowed_actions(people[who]) - {"answer"}


@pytest.mark.parametrize("situation", SITUATIONS)
def test_the_page_refuses_every_other_action(situation, client, agency_a, people, monkeypatch):
    request = make_situation(situation, agency_a, people, monkeypatch)
    handler = people["handler"]
    allowed = fresh(request).allowed_actions(handler)
    before = (fresh(request).status, request.events.count())
    client.force_login(handler)
    for name in set(ACTION_FORMS) - allowed:
        response = client.post(f"/staff/requests/{request.pk}/do/{name}/", {}, follow=True)
        assert "当前状态下不能进行此操作。" in response.content.decode(), name
    if "reset_code" not in allowed:
        response = client.post(f"/staff/requests/{request.pk}/reset-code/", follow=True)
        assert "申请已办结，不能重置查询码。" in response.content.decode()
    assert (fresh(request).status, request.events.count()) == before


UPLOAD = b"%PDF-1.7\n1 0 obj\n"
MODEL_CALLS = {
    "confirm": lambda r, u: r.confirm_receipt(u),
    "correction": lambda r, u: r.request_correction(u, items="请写明工程名称"),
    "correction_received": lambda r, u: r.receive_correction(u),
    "abandon_uncorrected": lambda r, u: r.abandon_uncorrected(u),
    "consultation": lambda r, u: r.start_consultation(
        u, kind=Consultation.Kind.AGENCY, addressee="某局", matter="会签文件"
    ),
    "consultation_reply": lambda r, u: r.record_consultation_reply(
        u,
        r.consultations.first() or Consultation(pk=0),
        opinion=Consultation.Opinion.CONSENT,
    ),
    "extension": lambda r, u: r.request_extension(u, reason="需调取档案"),
    "disclosure_notice": lambda r, u: r.notify_disclosure(
        u, r.consultations.first() or Consultation(pk=0), reason="涉及公共安全"
    ),
    "reasons_request": lambda r, u: r.ask_reasons(u, matter="本月已提出40件申请"),
    "delay": lambda r, u: r.delay_answer(u, until=datetime.date(2025, 6, 30), reason="需逐件调档"),
    "extension_decision": lambda r, u: r.decide_extension(u, approve=False),
    "fee": lambda r, u: r.issue_fee_notice(u, basis=FeeNotice.Basis.PER_PAGE, pages=50),
    "payment": lambda r, u: r.record_payment(u),
    "abandon_unpaid": lambda r, u: r.abandon_unpaid(u),
    "answer": lambda r, u: r.answer(u, outcome=Outcome.GRANTED),
    "draft": lambda r, u: r.save_answer_draft(u, outcome=Outcome.GRANTED),
    "sign_off": lambda r, u: r.sign_off_answer(u),
    "secrecy": lambda r, u: r.review_answer_secrecy(u, conclusion="cleared", basis="不涉密"),
    "issue": lambda r, u: r.issue_answer(u),
    "correct_answer": lambda r, u: r.correct_answer(u, text="答复日期应为3月20日"),
    "details": lambda r, u: r.update_details(u, applicant_name="李四"),
    "reset_code": lambda r, u: r.reset_query_code(u),
    "attachment": lambda r, u: r.add_attachment(u, SimpleUploadedFile("回执.pdf", UPLOAD)),
    "service": lambda r, u: r.record_service(
        u, letter="receipt", method="in_person", sent_on=r.received_on, received_on=r.received_on
    ),
}


class Undo(Exception):
    pass


def attempt(name, request, user):
    """Call the model method of action `name`, then undo it; the refusal, if any."""
    try:
        with transaction.atomic():
            MODEL_CALLS[name](fresh(request), user)
            raise Undo
    except Undo:
        return None
    except TransitionError as error:
        return error.messages[0]


def refusals_of(name):
    action = ACTIONS[name]
    return {action.unmet, action.not_permitted}


@pytest.mark.parametrize("situation", SITUATIONS)
@pytest.mark.parametrize("who", ["handler", "head"])
def test_the_model_refuses_what_the_page_does_not_offer(
    situation, who, agency_a, people, monkeypatch
):
    request = make_situation(situation, agency_a, people, monkeypatch)
    user = people[who]
    allowed = fresh(request).allowed_actions(user)
    status = fresh(request).get_status_display()
    for name, action in ACTIONS.items():
        refusal = attempt(name, request, user)
        table_refusals = refusals_of(name) | {
            f"申请当前为“{status}”，不能{action.verb}。",
            f"申请已办结，不能{action.verb}。",
        }
        if name in allowed:  # it may still fail on its input (a date, a limit), never the table
            assert refusal not in table_refusals, (name, refusal)
        else:
            assert refusal in table_refusals, (name, refusal)


@pytest.mark.parametrize(
    ("situation", "name", "who", "message"),
    [
        ("submitted", "answer", "handler", "申请当前为“待确认”，不能答复。"),
        ("awaiting_correction", "fee", "handler", "申请当前为“待补正”，不能发出收费通知。"),
        ("consulting", "correction", "handler", "申请当前为“征求意见中”，不能发出补正告知。"),
        (
            "corrected",
            "correction",
            "handler",
            "补正告知只能发出一次（条例第三十条：一次性告知）。",
        ),
        ("extension_pending", "extension", "handler", "延期答复只能一次，且已有延期申请。"),
        ("extension_approved", "extension", "handler", "延期答复只能一次，且已有延期申请。"),
        ("in_progress", "extension_decision", "head", "没有待批准的延期申请。"),
        (
            "extension_pending",
            "extension_decision",
            "handler",
            "只有本机关政府信息公开工作机构负责人可以批准延期。",
        ),
        ("closed", "details", "handler", "申请已办结，不能修改。"),
        ("closed", "reset_code", "handler", "申请已办结，不能重置查询码。"),
        ("closed", "extension_decision", "head", "申请已办结，不能审批延期。"),
        ("closed", "payment", "handler", "申请当前为“已办结”，不能登记缴费。"),
    ],
)
def test_refusals_keep_their_messages(situation, name, who, message, agency_a, people, monkeypatch):
    request = make_situation(situation, agency_a, people, monkeypatch)
    assert attempt(name, request, people[who]) == message
