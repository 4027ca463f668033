"""What each status of a request allows, and who may do it: one table (`ACTIONS`) that the
state-change methods check before they write and the staff page reads to offer its forms,
as `Item.allowed_actions` does for items (catalog/workflow.py).

An action is allowed when the request's status is one of the action's statuses, the request's
records meet the action's condition (one 补正告知, one live extension), and the user holds the
action's permission. Refusals are the Chinese messages staff see.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db import models

from organisation.access import works_for

# Every action is taken on the staff workbench, whose forms need this permission.
WORKBENCH_PERMISSION = "requests_app.change_request"


class Status(models.TextChoices):
    """办理状态 of a request (`Request.Status`)."""

    SUBMITTED = "submitted", "待确认"
    IN_PROGRESS = "in_progress", "办理中"
    AWAITING_CORRECTION = "awaiting_correction", "待补正"
    CONSULTING = "consulting", "征求意见中"
    AWAITING_PAYMENT = "awaiting_payment", "待缴费"
    CLOSED = "closed", "已办结"


OPEN = frozenset(Status) - {Status.CLOSED}
EVERY = frozenset(Status)


def _no_correction_yet(request):
    return request._one("correction") is None


def _no_live_extension(request):
    extension = request._one("extension")
    return extension is None or extension.status == extension.Status.REJECTED


def _objection_to_overrule(request):
    return any(
        c.kind == c.Kind.THIRD_PARTY and c.opinion == c.Opinion.OBJECTION
        and not c.disclosure_notified_on
        for c in request._prefetched("consultations")
    )  # fmt: skip


def _no_reasons_request(request):
    return request._one("reasons_request") is None


def _reasons_asked_not_delayed(request):
    reasons = request._one("reasons_request")
    return reasons is not None and reasons.delay_until is None


def _draft_awaits_sign_off(request):
    draft = request._one("answer_draft")
    return draft is not None and request.agency.answer_signoff and draft.signed_off_by_id is None


def _draft_ready(request):
    draft = request._one("answer_draft")
    if draft is None:
        return False
    return not request.agency.answer_signoff or draft.signed_off_by_id is not None


def _answer_files(request):
    from .records import RequestAttachment

    answer = RequestAttachment.Source.ANSWER
    return any(a.source == answer for a in request._prefetched("attachments"))


def _answer_issued(request):
    answer = request._one("answer_record")
    return answer is not None and bool(answer.letter_number)


def _extension_pending(request):
    extension = request._one("extension")
    return extension is not None and extension.status == extension.Status.PENDING


def _no_fee_notice_yet(request):
    return not request._prefetched("fee_notices")


@dataclass(frozen=True)
class Action:
    verb: str  # names the action in a refusal: "申请当前为“待补正”，不能{verb}。"
    statuses: set  # the statuses the action may be taken from
    condition: Callable | None = None  # on the request's records, checked after the status
    unmet: str = ""  # the refusal when the condition fails
    permission: str = ""  # a role the rules require beyond the workbench's, of the same agency
    not_permitted: str = ""  # the refusal when the user lacks it
    before_acceptance: bool = False  # allowed while a 转办 waits for the agency's 签收

    def refusal(self, request):
        """Why the action cannot be taken on `request` now (its status, then its records), or ""."""
        if request.routing == "to_accept" and not self.before_acceptance:
            return "申请已转办，接收机关签收后才能办理。"
        if request.status not in self.statuses:
            if self.statuses == OPEN:  # only closing the request stops this action
                return f"申请已办结，不能{self.verb}。"
            return f"申请当前为“{request.get_status_display()}”，不能{self.verb}。"
        if self.condition is not None and not self.condition(request):
            return self.unmet
        return ""


ACTIONS = {
    "confirm": Action("确认收到", {Status.SUBMITTED}),
    "correction": Action(
        "发出补正告知",
        {Status.IN_PROGRESS},
        condition=_no_correction_yet,
        unmet="补正告知只能发出一次（条例第三十条：一次性告知）。",
    ),
    "correction_received": Action("登记补正", {Status.AWAITING_CORRECTION}),
    "abandon_uncorrected": Action("按逾期不补正办结", {Status.AWAITING_CORRECTION}),
    "consultation": Action("征求意见", {Status.IN_PROGRESS, Status.CONSULTING}),
    "consultation_reply": Action("登记意见", {Status.CONSULTING}),
    "extension": Action(
        "提请延期",
        {Status.IN_PROGRESS, Status.CONSULTING, Status.AWAITING_PAYMENT},
        condition=_no_live_extension,
        unmet="延期答复只能一次，且已有延期申请。",
    ),
    # 条例第三十三条: only the head of the office approves an extension.
    "extension_decision": Action(
        "审批延期",
        OPEN,
        condition=_extension_pending,
        unmet="没有待批准的延期申请。",
        permission="requests_app.approve_extension",
        not_permitted="只有本机关政府信息公开工作机构负责人可以批准延期。",
    ),
    # 条例第三十二条: disclosing over a third party's objection is told to it in writing.
    "disclosure_notice": Action(
        "告知第三方决定公开",
        {Status.IN_PROGRESS, Status.CONSULTING},
        condition=_objection_to_overrule,
        unmet="没有不同意公开、尚待告知的第三方。",
    ),
    # 条例第三十五条: ask for reasons once; a reasonable request may then get a later date.
    "reasons_request": Action(
        "要求说明理由",
        {Status.IN_PROGRESS},
        condition=_no_reasons_request,
        unmet="已经要求申请人说明过理由。",
    ),
    "delay": Action(
        "延迟答复",
        {Status.IN_PROGRESS},
        condition=_reasons_asked_not_delayed,
        unmet="延迟答复须先要求申请人说明理由（条例第三十五条），且只能告知一次。",
    ),
    "fee": Action(
        "发出收费通知",
        {Status.IN_PROGRESS},
        condition=_no_fee_notice_yet,
        unmet="每件申请只能发出一次收费通知（国办函〔2020〕109号）。",
    ),
    "payment": Action("登记缴费", {Status.AWAITING_PAYMENT}),
    "abandon_unpaid": Action("按逾期未缴费办结", {Status.AWAITING_PAYMENT}),
    "answer": Action("答复", {Status.IN_PROGRESS}),  # in one step: 当场答复
    # The answer step of the workbench: draft → preview → (sign-off) → issue.
    "draft": Action("起草答复", {Status.IN_PROGRESS}),
    "sign_off": Action(
        "签发答复",
        {Status.IN_PROGRESS},
        condition=_draft_awaits_sign_off,
        unmet="没有待签发的答复草稿。",
        permission="requests_app.sign_off_answer",
        not_permitted="只有本机关负责人可以签发答复。",
    ),
    # 条例第十七条: the files given with the answer are reviewed for secrets (answer_secrecy.py).
    "secrecy": Action(
        "保密审查",
        {Status.IN_PROGRESS},
        condition=_answer_files,
        unmet="没有随答复提供的附件，无需保密审查。",
        permission="catalog.review_secrecy",
        not_permitted="只有本机关有保密审查权限的工作人员才能进行保密审查。",
    ),
    "issue": Action(
        "出具答复书",
        {Status.IN_PROGRESS},
        condition=_draft_ready,
        unmet="请先保存答复草稿并预览；本机关的答复须经负责人签发后才能出具。",
    ),
    # An issued answer is never edited: a new numbered 更正 letter corrects it.
    "correct_answer": Action(
        "更正答复",
        {Status.CLOSED},
        condition=_answer_issued,
        unmet="只有已出具文号的答复书才能更正。",
    ),
    "details": Action("修改", OPEN),
    "reset_code": Action("重置查询码", OPEN),
    "attachment": Action(
        "添加附件", EVERY, before_acceptance=True
    ),  # an answer's proof of delivery comes after closing
    "service": Action("登记送达", EVERY),  # the answer is served after closing
}


class RequestTransitions:
    """Mixed into `Request`: the table applied to one request."""

    def user_has_role_for(self, name, user):
        """Whether `user` holds the role action `name` requires (beyond the workbench's)."""
        permission = ACTIONS[name].permission
        if not permission:
            return True
        return user is not None and user.has_perm(permission) and works_for(user, self.agency_id)

    def allowed_actions(self, user):
        """The actions `user` may take on this request now: the staff page offers exactly these,
        and the state-change methods refuse every other (`RequestSteps._begin`)."""
        if not user.has_perm(WORKBENCH_PERMISSION):
            return set()
        return {
            name
            for name, action in ACTIONS.items()
            if not action.refusal(self) and self.user_has_role_for(name, user)
        }
