"""The life of a request: one method per state change (docs/legal-rules.md §2–§6).

Each method checks that the change is allowed (raising `TransitionError` with a Chinese
message if not), locks the row so two clicks cannot both pass the check, writes the change
and its log entry, all in one transaction. Forms parse input; these methods decide.
The steps they share (the lock, the status write, the log entry) are in `steps.py`; the answer
is in `answering.py`, 送达 in `serving.py`.
"""

from django.db import transaction
from django.utils import timezone

from .. import deadlines
from ..outcomes import Outcome
from .answering import RequestAnswering
from .records import Consultation, RequestEvent
from .serving import RequestServing
from .steps import TransitionError, format_day, today


class RequestWorkflow(RequestServing, RequestAnswering):
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

    def _check_within_answer_period(self, day, what):
        """A consultation or fee notice stops the clock only within the answer period: one dated
        after the due date would make an overdue request timely again, so it is refused."""
        self._prefetched_objects_cache = {}  # the pauses as they are now, under the row lock
        due = self.due()
        if not deadlines.within_answer_period(day, due):
            raise TransitionError(
                f"{what}只能在答复期限内发出：答复期限为{due}，{format_day(day)}已超过期限。"
                "超过期限后不能再以征求意见或收费中止计算期限，请尽快答复。"
            )

    def start_consultation(
        self, user, *, kind, addressee, matter, sent_on=None, addressee_address=""
    ):

        sent_on = sent_on or today()
        with transaction.atomic():
            self._begin("consultation")
            if sent_on < self.received_on or sent_on > today():
                raise TransitionError("发出日期应在收到申请之日与今天之间。")
            self._check_within_answer_period(sent_on, "征求意见")
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
                self._tell_due()  # the 延期答复告知书 states the new date
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
            if self.fee_notices.exists():
                raise TransitionError(
                    "每件申请只能发出一次收费通知，按一种计收方式计算（国办函〔2020〕109号）。"
                )
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
            self._check_within_answer_period(notified_on, "收费通知")
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
