"""The life of a request: one method per state change (docs/legal-rules.md §2–§6).

Each method checks that the change is allowed (raising `TransitionError` with a Chinese
message if not), locks the row so two clicks cannot both pass the check, writes the change
and its log entry, all in one transaction. Forms parse input; these methods decide.
The steps they share (the lock, the status write, the log entry) are in `steps.py`.
"""

from django.db import transaction
from django.utils import timezone

from organisation import review_bodies

from .. import deadlines
from ..answer_rules import answer_case, answer_problems
from ..outcomes import ABANDONMENT_OUTCOMES, Outcome, default_basis
from ..wording import decision_name
from .letters import take_letter_number
from .records import Consultation, RequestEvent
from .steps import RequestSteps, TransitionError, format_day, today

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


class RequestWorkflow(RequestSteps):
    """The handling of a request after it arrived; mixed into `Request`."""

    # --- 补正 (条例第三十条) -----------------------------------------------------------------

    def request_correction(self, user, *, items, notified_on=None, deadline=None):
        """The one combined 补正告知, within 7 working days of receipt; stops the clock."""
        from .records import Correction

        notified_on = notified_on or today()
        with transaction.atomic():
            self._begin("correction")
            limit = deadlines.correction_notice_limit(self.received_on)
            if notified_on > limit.date:
                raise TransitionError(f"补正告知应在收到申请之日起7个工作日内（{limit}前）发出。")
            if notified_on < self.received_on or notified_on > today():
                raise TransitionError("告知日期应在收到申请之日与今天之间。")
            if not items.strip():
                raise TransitionError("请写明需要补正的事项。")
            deadline = deadline or deadlines.default_correction_deadline(notified_on).date
            if deadline <= notified_on:
                raise TransitionError("补正期限应晚于告知日期。")
            self.correction = Correction.objects.create(
                request=self,
                notified_on=notified_on,
                items=items,
                deadline=deadline,
                created_by=user,
            )
            self._set_status(self.Status.AWAITING_CORRECTION)
            self._log(
                user,
                RequestEvent.Kind.CORRECTION_REQUESTED,
                f"补正告知，补正期限 {format_day(deadline)}",
            )

    def receive_correction(self, user, *, corrected_on=None, note=""):
        """The corrected request arrived: the 20-day clock restarts from that day."""
        corrected_on = corrected_on or today()
        with transaction.atomic():
            self._begin("correction_received")
            correction = self.correction
            if corrected_on < correction.notified_on or corrected_on > today():
                raise TransitionError("补正收到日期应在告知日期与今天之间。")
            correction.corrected_on = corrected_on
            correction.correction_note = note
            correction.save(update_fields=["corrected_on", "correction_note"])
            self._set_status(self.Status.IN_PROGRESS)
            self._log(
                user,
                RequestEvent.Kind.CORRECTION_RECEIVED,
                f"收到补正（{format_day(corrected_on)}），重新起算答复期限",
            )

    def abandon_uncorrected(self, user, *, on=None):
        """条例第三十条: no correction within the limit, the request is treated as abandoned."""
        on = on or today()
        with transaction.atomic():
            self._begin("abandon_uncorrected")
            if on <= self.correction.deadline:
                raise TransitionError(
                    f"补正期限（{format_day(self.correction.deadline)}）尚未届满。"
                )
            self._check_served("correction", what="补正告知书")
            self._close(
                user,
                Outcome.NOT_CORRECTED,
                on,
                reasons=f"申请人未在补正期限（{format_day(self.correction.deadline)}）内补正，"
                "视为放弃申请，本机关不再处理该政府信息公开申请。",
                kind=RequestEvent.Kind.ABANDONED,
            )

    # --- consultation (条例第三十二条) ---------------------------------------------------------

    def start_consultation(
        self, user, *, kind, addressee, matter, sent_on=None, addressee_address=""
    ):

        sent_on = sent_on or today()
        with transaction.atomic():
            self._begin("consultation")
            if sent_on < self.received_on or sent_on > today():
                raise TransitionError("发出日期应在收到申请之日与今天之间。")
            consultation = Consultation.objects.create(
                request=self,
                kind=kind,
                addressee=addressee,
                addressee_address=addressee_address,
                matter=matter,
                sent_on=sent_on,
                created_by=user,
            )
            self._set_status(self.Status.CONSULTING)
            self._log(
                user,
                RequestEvent.Kind.CONSULTATION_SENT,
                f"向{addressee}征求意见（{format_day(sent_on)}），期间不计入答复期限",
            )
        return consultation

    def record_consultation_reply(
        self, user, consultation, *, opinion, replied_on=None, summary=""
    ):
        """The reply (or its absence after 15 working days) ends that pause."""

        with transaction.atomic():
            self._begin("consultation_reply")
            consultation = Consultation.objects.select_for_update().get(
                pk=consultation.pk, request=self
            )
            if consultation.is_closed:
                raise TransitionError("该征求意见已有结果。")
            if opinion == Consultation.Opinion.NO_REPLY:
                limit = consultation.reply_limit()
                if today() <= limit.date:
                    raise TransitionError(
                        f"答复期限（{limit}）尚未届满，不能登记为逾期未提出意见。"
                    )
                self._check_served("consultation", consultation.pk, what="征求意见书")
                replied_on = None
            else:
                replied_on = replied_on or today()
                if replied_on < consultation.sent_on or replied_on > today():
                    raise TransitionError("意见收到日期应在发出日期与今天之间。")
            consultation.opinion = opinion
            consultation.replied_on = replied_on
            consultation.reply_summary = summary
            consultation.save(update_fields=["opinion", "replied_on", "reply_summary"])
            if not self.consultations.filter(opinion="").exists():
                self._set_status(self.Status.IN_PROGRESS)
            self._log(
                user,
                RequestEvent.Kind.CONSULTATION_REPLIED,
                f"{consultation.addressee}：{consultation.get_opinion_display()}"
                + (f"（{format_day(replied_on)}）" if replied_on else ""),
            )

    def notify_disclosure(self, user, consultation, *, reason, notified_on=None):
        """条例第三十二条: the agency discloses over a third party's objection because withholding
        could seriously affect the public interest, and tells the third party in writing."""
        notified_on = notified_on or today()
        with transaction.atomic():
            self._begin("disclosure_notice")
            consultation = Consultation.objects.select_for_update().get(
                pk=consultation.pk, request=self
            )
            if (
                consultation.opinion != Consultation.Opinion.OBJECTION
                or consultation.disclosure_notified_on
            ):
                raise TransitionError("只能告知不同意公开、尚未告知的第三方。")
            if not reason.strip():
                raise TransitionError({"reason": "请写明不公开可能对公共利益造成重大影响的理由。"})
            if (
                notified_on < (consultation.replied_on or consultation.sent_on)
                or notified_on > today()
            ):
                raise TransitionError({"notified_on": "告知日期应在收到意见之日与今天之间。"})
            consultation.disclosure_notified_on = notified_on
            consultation.disclosure_reason = reason
            consultation.save(update_fields=["disclosure_notified_on", "disclosure_reason"])
            self._log(
                user,
                RequestEvent.Kind.DISCLOSURE_NOTIFIED,
                f"书面告知{consultation.addressee}：决定予以公开（{format_day(notified_on)}）",
            )

    # --- 条例第三十五条: requests beyond a reasonable range ---------------------------------

    def ask_reasons(self, user, *, matter, asked_on=None):
        from .records import ReasonsRequest

        asked_on = asked_on or today()
        with transaction.atomic():
            self._begin("reasons_request")
            if not matter.strip():
                raise TransitionError({"matter": "请写明申请的数量、频次明显超过合理范围的情况。"})
            if asked_on < self.received_on or asked_on > today():
                raise TransitionError({"asked_on": "日期应在收到申请之日与今天之间。"})
            self.reasons_request = ReasonsRequest.objects.create(
                request=self, asked_on=asked_on, matter=matter, created_by=user
            )
            self._log(
                user,
                RequestEvent.Kind.REASONS_ASKED,
                f"要求申请人说明理由（{format_day(asked_on)}）",
            )

    def delay_answer(self, user, *, until, reason, reply="", replied_on=None, delayed_on=None):
        """The applicant's reasons are reasonable but the answer cannot come within 第三十三条's
        period: a reasonable later date, told to the applicant (条例第三十五条)."""
        from .records import ReasonsRequest

        delayed_on = delayed_on or today()
        with transaction.atomic():
            self._begin("delay")
            record = ReasonsRequest.objects.select_for_update().get(request=self)
            current = self.due()
            if not reason.strip():
                raise TransitionError({"reason": "请写明无法按期答复的理由。"})
            if current and until <= current.date:
                raise TransitionError(
                    {"until": f"延迟答复的日期应晚于现在的答复期限（{current}）。"}
                )
            if delayed_on < record.asked_on or delayed_on > today():
                raise TransitionError({"delayed_on": "告知日期应在要求说明理由之日与今天之间。"})
            if replied_on and (replied_on < record.asked_on or replied_on > delayed_on):
                raise TransitionError(
                    {"replied_on": "说明理由日期应在要求说明理由之日与告知日期之间。"}
                )
            record.delay_until, record.delay_reason, record.delayed_on = until, reason, delayed_on
            record.reply, record.replied_on = reply, replied_on
            record.save()
            self.reasons_request = record
            self._log(
                user, RequestEvent.Kind.DELAYED,
                f"延迟答复至 {format_day(until)}（条例第三十五条）：{reason}",
            )  # fmt: skip

    # --- extension (条例第三十三条) ------------------------------------------------------------

    def request_extension(self, user, *, reason):
        from .records import Extension

        with transaction.atomic():
            self._begin("extension")
            existing = self._one("extension")  # none, or one that was refused
            if not reason.strip():
                raise TransitionError("请写明延期理由。")
            if existing:
                existing.delete()  # a refused request may be asked again; the log keeps both
            self.extension = Extension.objects.create(
                request=self, reason=reason, requested_by=user, requested_at=timezone.now()
            )
            self._log(user, RequestEvent.Kind.EXTENSION_REQUESTED, f"提请延期：{reason}")

    def decide_extension(self, user, *, approve, note=""):
        """Only a 负责人 (perm approve_extension) of this agency approves; who and when are kept."""
        from .records import Extension

        with transaction.atomic():
            self._begin("extension_decision", user)
            extension = Extension.objects.select_for_update().get(request=self)
            if approve:
                original = self.due(extended=False)
                if today() > original.date:
                    raise TransitionError(f"原答复期限（{original}）已过，不能再批准延期。")
            extension.status = Extension.Status.APPROVED if approve else Extension.Status.REJECTED
            extension.decided_by = user
            extension.decided_at = timezone.now()
            extension.decision_note = note
            extension.save()
            self.extension = extension
            if approve:
                self._log(
                    user,
                    RequestEvent.Kind.EXTENSION_APPROVED,
                    f"批准延期20个工作日，答复期限延至 {self.due()}",
                )
            else:
                self._log(
                    user,
                    RequestEvent.Kind.EXTENSION_REJECTED,
                    f"不批准延期{('：' + note) if note else ''}",
                )

    # --- fees (国办函〔2020〕109号) --------------------------------------------------------------

    def applicant_month_position(self):
        """This request's place among the applicant's requests to the agency that month."""
        same_applicant = (
            {"id_number": self.id_number}
            if self.id_number
            else {"applicant_name": self.applicant_name}
        )
        month = self.received_on.replace(day=1)
        earlier = (
            type(self)
            .objects.filter(
                agency_id=self.agency_id,
                received_on__gte=month,
                received_on__lte=self.received_on,
                **same_applicant,
            )
            .exclude(received_on=self.received_on, pk__gt=self.pk)
        )
        return earlier.count()

    def issue_fee_notice(self, user, *, basis, pages=None, notified_on=None):
        """A 收费通知 on one schedule; stops the clock until payment (20 working days to pay)."""
        from .records import FeeNotice

        notified_on = notified_on or today()
        with transaction.atomic():
            self._begin("fee")
            if basis == FeeNotice.Basis.PER_PAGE:
                if not pages:
                    raise TransitionError("按量计收需填写页数。")
                quantity, amount = pages, deadlines.per_page_fee(pages)
            else:
                quantity = self.applicant_month_position()
                amount = deadlines.per_request_fee(quantity)
            if amount <= 0:
                raise TransitionError("按规定此件申请不收费（未超过免费额度）。")
            if notified_on < self.received_on or notified_on > today():
                raise TransitionError("通知日期应在收到申请之日与今天之间。")
            notice = FeeNotice.objects.create(
                request=self,
                basis=basis,
                quantity=quantity,
                amount=amount,
                notified_on=notified_on,
                pay_by=deadlines.fee_payment_limit(notified_on).date,
                created_by=user,
            )
            self._set_status(self.Status.AWAITING_PAYMENT)
            self._log(
                user,
                RequestEvent.Kind.FEE_NOTIFIED,
                f"收费通知：{notice.get_basis_display()} {amount} 元，缴费期限 {format_day(notice.pay_by)}",
            )
        return notice

    def _open_fee_notice(self):
        notice = self.fee_notices.select_for_update().filter(paid_on__isnull=True).last()
        if notice is None:
            raise TransitionError("没有待缴费的收费通知。")
        return notice

    def record_payment(self, user, *, paid_on=None):
        paid_on = paid_on or today()
        with transaction.atomic():
            self._begin("payment")
            notice = self._open_fee_notice()
            if paid_on < notice.notified_on or paid_on > today():
                raise TransitionError("缴费日期应在通知日期与今天之间。")
            if paid_on > notice.pay_by:
                raise TransitionError(
                    f"缴费期限（{format_day(notice.pay_by)}）已过，应按逾期未缴费办结。"
                )
            notice.paid_on = paid_on
            notice.save(update_fields=["paid_on"])
            self.fee_amount += notice.amount
            self.save(update_fields=["fee_amount", "updated_at"])
            self._set_status(self.Status.IN_PROGRESS)
            self._log(
                user,
                RequestEvent.Kind.FEE_PAID,
                f"已缴费 {notice.amount} 元（{format_day(paid_on)}）",
            )

    def abandon_unpaid(self, user, *, on=None):
        on = on or today()
        with transaction.atomic():
            self._begin("abandon_unpaid")
            notice = self._open_fee_notice()
            if on <= notice.pay_by:
                raise TransitionError(f"缴费期限（{format_day(notice.pay_by)}）尚未届满。")
            self._check_served("fee", notice.pk, what="收费通知")
            self._close(
                user,
                Outcome.FEE_UNPAID,
                on,
                reasons=f"申请人未在缴费期限（{format_day(notice.pay_by)}）内缴纳信息处理费，"
                "本机关不再处理该政府信息公开申请。",
                kind=RequestEvent.Kind.ABANDONED,
            )

    # --- 送达 (docs/legal-rules.md §5) ---------------------------------------------------------

    def record_service(self, user, *, letter, method, sent_on, received_on, record_id=None,
                       reference=""):  # fmt: skip
        """How and when a letter reached its addressee. The period the letter gives runs from
        that day: the 补正 limit and the day to pay move with it; a consultation's 15 days are
        counted from it (`Consultation.reply_limit`)."""
        from .. import documents
        from .letters import Service

        with transaction.atomic():
            self._begin("service")
            titles = {(kind, rid): title for kind, rid, title in documents.available(self)}
            if (letter, record_id) not in titles:
                raise TransitionError("该申请没有这份文书。")
            if Service.objects.filter(request=self, letter=letter, record_id=record_id).exists():
                raise TransitionError("这份文书已经登记过送达。")
            if received_on < sent_on or received_on > today():
                raise TransitionError({"received_on": "送达日期应在发出日期与今天之间。"})
            if sent_on < self.received_on:
                raise TransitionError({"sent_on": "发出日期不能早于收到申请之日。"})
            if method == Service.Method.POST and not reference.strip():
                raise TransitionError(
                    {"reference": "邮寄送达请填写邮件单号（签收日期以回执为准）。"}
                )
            service = Service.objects.create(
                request=self, letter=letter, record_id=record_id, method=method, sent_on=sent_on,
                received_on=received_on, reference=reference, created_by=user,
            )  # fmt: skip
            moved = self._periods_from_receipt(letter, record_id, received_on)
            self._log(
                user,
                RequestEvent.Kind.SERVED,
                f"{titles[(letter, record_id)]}：{service.get_method_display()}，"
                f"{format_day(received_on)}送达{moved}",
            )
        return service

    def _periods_from_receipt(self, letter, record_id, received_on):
        """Move the limit a served letter gave to count from `received_on`; "" or what moved."""
        from .records import Correction, FeeNotice

        if letter == "correction":
            record = Correction.objects.select_for_update().get(request=self)
            field, name = "deadline", "补正期限"
            sent_on = record.notified_on
        elif letter == "fee":
            record = FeeNotice.objects.select_for_update().get(request=self, pk=record_id)
            field, name = "pay_by", "缴费期限"
            sent_on = record.notified_on
        else:
            return ""
        limit = deadlines.period_from_receipt(sent_on, getattr(record, field), received_on)
        if limit == getattr(record, field):
            return ""
        setattr(record, field, limit)
        record.save(update_fields=[field])
        return f"，{name}自送达之日起算，至 {format_day(limit)}"

    def _check_served(self, letter, record_id=None, what=""):
        """Periods run from receipt: a limit cannot be said to have passed before the letter
        that gave it is recorded as served."""
        if not self.services.filter(letter=letter, record_id=record_id).exists():
            raise TransitionError(f"{what}尚未登记送达：期限自对方收到之日起算，请先登记送达。")

    # --- answer (条例第三十六条–第三十九条) ------------------------------------------------------

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
