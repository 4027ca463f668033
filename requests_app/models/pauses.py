"""The steps that stop a request's clock for a while (docs/legal-rules.md §3): a consultation
of a third party or another agency (条例第三十二条、第三十四条) and a fee notice until payment
(国办函〔2020〕109号). `Request.pauses()` (clock.py) reads the periods these records make.
Mixed into `Request` through `RequestWorkflow`; each method checks, writes and logs in one
transaction, as there."""

from django.db import transaction

from .. import deadlines
from ..outcomes import Outcome
from .records import Consultation, RequestEvent
from .steps import RequestSteps, TransitionError, format_day, today


class RequestPauses(RequestSteps):
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

    # --- consultation (条例第三十二条) ---------------------------------------------------------

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
