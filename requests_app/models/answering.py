"""The answer (条例第三十六条–第三十九条; docs/legal-rules.md §5): the checks of what each
outcome must state, the answer step (draft → preview → 负责人 sign-off where the agency asks for
it → 保密审查 of the files it discloses (answer_secrecy.py) → issue), the numbered letter with the 复议机关 and court fixed at issue, and the numbered 更正
letter that is the only way to correct an issued answer. Mixed into `Request` through
`RequestWorkflow`, whose 终止 changes close the request through `_close` too."""

from django.db import transaction
from django.utils import timezone

from organisation import review_bodies

from ..answer_rules import answer_case, answer_problems
from ..outcomes import ABANDONMENT_OUTCOMES, Outcome, default_basis
from ..wording import decision_name
from .answer_secrecy import RequestAnswerSecrecy
from .letters import take_letter_number
from .records import Consultation, RequestEvent
from .steps import TransitionError, format_day, today

# The text fields of an answer, as `answer()` takes them and `Answer` stores them.
ANSWER_TEXT = (
    "case",
    "reasons",
    "content",
    "referral",
    "published_ref",
    "search_note",
    "specific_law",
    "no_consultation_reason",
)
ANSWER_CHECKED = (
    "case",
    "reasons",
    "published_ref",
    "search_note",
    "specific_law",
    "no_consultation_reason",
)


class RequestAnswering(RequestAnswerSecrecy):
    def answer(self, user, *, outcome, answered_on=None, legal_basis=None, **fields):
        """Close the request with exactly one of the 21 outcomes and issue its numbered letter
        in one step (当场答复, and agencies without a 负责人 sign-off).

        `fields` are the answer's text (`ANSWER_TEXT`); `answer_rules` says which the outcome needs.
        """
        answered_on = answered_on or today()
        with transaction.atomic():
            self._begin("answer")
            if self.agency.answer_signoff and not user.has_perm("requests_app.sign_off_answer"):
                raise TransitionError(
                    "本机关的答复须经负责人签发：请先保存答复草稿，负责人签发后再出具。"
                )
            outcome, fields = self._checked_answer(outcome, answered_on, fields)
            self._check_answer_secrecy()  # files given with it (models/answer_secrecy.py)
            self._close(user, outcome, answered_on, legal_basis=legal_basis, **fields)

    def _checked_answer(self, outcome, answered_on, fields):
        """(outcome, fields) of an answer the rules allow to issue on `answered_on`, else raise
        the Chinese problems keyed by the answer form's fields."""
        from .records import Correction

        outcome = Outcome(outcome)
        fields = {name: fields.get(name) or "" for name in ANSWER_TEXT}
        fields["case"] = answer_case(outcome, fields["case"])
        if outcome in ABANDONMENT_OUTCOMES:
            raise TransitionError("逾期不补正、逾期未缴费请使用相应的终止办理操作。")
        if (
            outcome == Outcome.STILL_UNCLEAR
            and not Correction.objects.filter(request=self, corrected_on__isnull=False).exists()
        ):
            raise TransitionError("只有补正后的申请才能答复为“补正后申请内容仍不明确”。")
        if answered_on < self.received_on or answered_on > today():
            raise TransitionError("答复日期应在收到申请之日与今天之间。")
        third_parties = self.consultations.filter(kind=Consultation.Kind.THIRD_PARTY)
        problems = answer_problems(
            outcome,
            **{name: fields[name] for name in ANSWER_CHECKED},
            consulted=third_parties.exclude(opinion="").exists(),
            objection_unanswered=third_parties.filter(
                opinion=Consultation.Opinion.OBJECTION, disclosure_notified_on__isnull=True
            ).exists(),
            reasons_asked=self._one("reasons_request") is not None,
        )
        if problems:
            raise TransitionError(problems)
        return outcome, fields

    # --- the answer step: draft → preview → (负责人 sign-off) → issue ---------------------------

    def save_answer_draft(self, user, *, outcome, legal_basis=None, **fields):
        """Write (or rewrite) the draft answer, checked as `answer()` checks; a rewritten draft
        needs a new sign-off."""
        from .records import AnswerDraft

        with transaction.atomic():
            self._begin("draft")
            # a draft is the letter to be issued: it must already state what its outcome needs
            outcome, values = self._checked_answer(outcome, today(), fields)
            self.answer_draft, _ = AnswerDraft.objects.update_or_create(
                request=self,
                defaults={
                    "outcome": outcome, "legal_basis": legal_basis or "", **values,
                    "drafted_by": user, "signed_off_by": None, "signed_off_at": None,
                },
            )  # fmt: skip
            self._log(
                user,
                RequestEvent.Kind.DRAFTED,
                f"答复草稿：{decision_name(outcome, values['case'])}",
            )
        return self.answer_draft

    def _draft_fields(self, draft):
        return {name: getattr(draft, name) for name in ANSWER_TEXT}

    def sign_off_answer(self, user, *, note=""):
        """The agency's 负责人 signs the draft off: it may be issued as it stands."""
        from .records import AnswerDraft

        with transaction.atomic():
            self._begin("sign_off", user)
            draft = AnswerDraft.objects.select_for_update().get(request=self)
            self._checked_answer(draft.outcome, today(), self._draft_fields(draft))
            draft.signed_off_by, draft.signed_off_at = user, timezone.now()
            draft.save(update_fields=["signed_off_by", "signed_off_at"])
            self.answer_draft = draft
            self._log(
                user, RequestEvent.Kind.SIGNED_OFF, f"签发答复草稿{('：' + note) if note else ''}"
            )

    def issue_answer(self, user):
        """Issue the (signed-off) draft today: its letter gets its 文号 and the request closes."""
        from .records import AnswerDraft, RequestAttachment

        with transaction.atomic():
            self._begin("issue")
            draft = AnswerDraft.objects.select_for_update().get(request=self)
            if self.agency.answer_signoff and draft.signed_off_by_id is None:
                raise TransitionError("本机关的答复须经负责人签发后才能出具。")
            outcome, fields = self._checked_answer(
                draft.outcome, today(), self._draft_fields(draft)
            )
            self._check_answer_secrecy()  # 条例第十七条 (models/answer_secrecy.py)
            files = self.attachments.filter(source=RequestAttachment.Source.ANSWER).count()
            draft.delete()
            self._close(
                user, outcome, today(), legal_basis=draft.legal_basis or None,
                note=f"，随答复书提供附件 {files} 件" if files else "", **fields,
            )  # fmt: skip

    def correct_answer(self, user, *, text):
        """An issued answer stays as issued; a mistake is corrected by a new numbered letter."""
        from .records import AnswerCorrection

        with transaction.atomic():
            self._begin("correct_answer")
            if not text.strip():
                raise TransitionError({"text": "请写明更正的内容。"})
            on = today()
            correction = AnswerCorrection.objects.create(
                request=self, letter_number=take_letter_number(self.agency, on), issued_on=on,
                text=text, created_by=user,
            )  # fmt: skip
            self._log(
                user,
                RequestEvent.Kind.ANSWER_CORRECTED,
                f"更正答复书 {self.answer_record.letter_number}，更正文书文号 {correction.letter_number}",
            )
        return correction

    def _close(self, user, outcome, on, *, legal_basis=None, kind=RequestEvent.Kind.ANSWERED,
               note="", **fields):  # fmt: skip
        """Close the request with `outcome` on `on`: the numbered answer letter, naming the
        复议机关 and court as they are today, the status, the log entry (shared by `answer()` and
        the two 终止 changes)."""
        from .records import Answer

        review_body, court = (
            review_bodies.review_body(self.agency),
            review_bodies.court(self.agency),
        )
        if not review_body or not court:
            raise TransitionError(
                f"无法确定{'行政复议机关' if not review_body else '行政诉讼管辖法院'}："
                f"请系统管理员在“机关”中为{self.agency.name}填写（行政复议法第二十四条、第二十七条），"
                "答复书须写明具体名称。"
            )
        self.answer_record = Answer.objects.create(
            request=self,
            outcome=outcome,
            answered_on=on,
            legal_basis=(
                default_basis(outcome, fields.get("case", ""))
                if legal_basis is None
                else legal_basis
            ),
            letter_number=take_letter_number(self.agency, on),
            review_body=review_body,
            court=court,
            created_by=user,
            **fields,
        )
        self.status = self.Status.CLOSED
        self.outcome = outcome
        self.closed_on = on
        self.save(update_fields=["status", "outcome", "closed_on", "updated_at"])
        self._log(
            user,
            kind,
            f"{decision_name(outcome, fields.get('case', ''))}（{format_day(on)}），"
            f"文号 {self.answer_record.letter_number}{note}",
        )
