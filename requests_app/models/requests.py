"""A 依申请公开 request: who asked which agency for what, and its legal clock.

State changes (register, confirm, 补正, consultation, extension, fees, answer) live in
`workflow.py`, one method each; this module holds the record and what is derived from it.
"""

import secrets

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac

from organisation.models import Agency

from .. import deadlines
from ..outcomes import OUTCOME_INFO, Outcome
from ..wording import decision_name
from .arrival import RequestArrival
from .transitions import Status
from .workflow import RequestWorkflow

CODE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no 0/O, 1/I: read aloud over the phone
CODE_LENGTH = 12  # 60 bits: guessing is hopeless, and the tracking page is rate-limited


def normalize_code(code):
    return "".join(ch for ch in str(code).upper() if ch.isalnum())


def hash_code(code, secret=None):
    # A keyed hash: fast enough for a form that must take 50 requests a second, and useless
    # to whoever copies the table without the SECRET_KEY.
    return salted_hmac(
        "requests_app.query_code", normalize_code(code), secret=secret, algorithm="sha256"
    ).hexdigest()


def code_hashes(code):
    """The code's hash under the current key and every key in SECRET_KEY_FALLBACKS.

    Rotating SECRET_KEY (old key moved to the fallbacks) must not lock applicants
    out of requests filed before the rotation.
    """
    return [hash_code(code, secret) for secret in [None, *settings.SECRET_KEY_FALLBACKS]]


def _matches(stored, code):
    return bool(stored) and any(constant_time_compare(stored, h) for h in code_hashes(code))


def new_query_code():
    """A fresh private query code, grouped for reading: ABCD-EFGH-JKLM."""
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    return "-".join(raw[i : i + 4] for i in range(0, CODE_LENGTH, 4))


class RequestQuerySet(models.QuerySet):
    def for_staff(self, user):
        """Requests of the agencies `user` may see (`Agency.objects.for_staff`): applicants'
        personal data never leaves the receiving agency and the 公开办 above it."""
        return self.filter(agency__in=Agency.objects.for_staff(user))

    def open(self):
        return self.exclude(status=Request.Status.CLOSED)

    def with_clock(self):
        """Everything `due()` reads, in four queries whatever the number of rows."""
        return self.select_related(
            "agency", "correction", "extension", "reasons_request"
        ).prefetch_related("consultations", "fee_notices")

    def get_by_number_and_code(self, number, code):
        """The request with this number whose private query code matches, else DoesNotExist.

        Numbers are unique per agency only; the code tells same-numbered requests apart.
        """
        for candidate in self.filter(number=str(number).strip()).exclude(query_code_hash=""):
            if _matches(candidate.query_code_hash, code):
                return candidate
        raise self.model.DoesNotExist("没有与该编号和查询码相符的申请")


class Request(RequestArrival, RequestWorkflow, models.Model):
    Status = Status  # declared with the table of what each status allows (transitions.py)

    class Channel(models.TextChoices):
        IN_PERSON = "in_person", "当面"
        LETTER = "letter", "信函"
        FAX = "fax", "传真"
        ONLINE = "online", "网络"
        EMAIL = "email", "电子邮件"
        OTHER = "other", "其他"

    class ApplicantKind(models.TextChoices):
        PERSON = "person", "自然人"
        BUSINESS = "business", "商业企业"
        RESEARCH = "research", "科研机构"
        PUBLIC_INTEREST = "public_interest", "社会公益组织"
        LEGAL_SERVICE = "legal_service", "法律服务机构"
        OTHER = "other", "其他"

    class IdType(models.TextChoices):
        RESIDENT_ID = "resident_id", "居民身份证"
        PASSPORT = "passport", "护照"
        HK_MACAO = "hk_macao", "港澳居民来往内地通行证"
        TAIWAN = "taiwan", "台湾居民来往大陆通行证"
        FOREIGN_RESIDENT = "foreign_resident", "外国人永久居留身份证"
        CREDIT_CODE = "credit_code", "统一社会信用代码"
        OTHER = "other", "其他证件"

    class Form(models.TextChoices):
        PAPER = "paper", "纸质"
        ELECTRONIC = "electronic", "电子"

    class Delivery(models.TextChoices):
        POST = "post", "邮寄"
        EMAIL = "email", "电子邮件"
        COLLECT = "collect", "当面领取"
        ON_SITE = "on_site", "现场查阅、抄录"

    agency = models.ForeignKey(
        Agency, verbose_name="受理机关", on_delete=models.PROTECT, related_name="requests"
    )
    number = models.CharField("申请编号", max_length=40)
    query_code_hash = models.CharField(max_length=64, blank=True, editable=False)
    submission_key = models.CharField(
        max_length=64,
        null=True,
        blank=True,
        unique=True,
        editable=False,
        help_text="the online form's one-time token: a resubmission finds the first request",
    )
    channel = models.CharField("申请方式", max_length=20, choices=Channel.choices)
    submitted_at = models.DateTimeField("提交时间", null=True, blank=True)
    received_on = models.DateField("收到申请之日", help_text="条例第三十一条：法定收到日期")

    applicant_kind = models.CharField("申请人类型", max_length=20, choices=ApplicantKind.choices)
    applicant_name = models.CharField("申请人姓名或名称", max_length=100)
    id_type = models.CharField(
        "证件类型", max_length=20, choices=IdType.choices, default=IdType.RESIDENT_ID
    )
    id_number = models.CharField("证件号码", max_length=40, blank=True)
    contact_person = models.CharField("联系人", max_length=50, blank=True)
    phone = models.CharField("联系电话", max_length=30, blank=True)
    email = models.EmailField("电子邮箱", blank=True)
    address = models.CharField("通信地址", max_length=200, blank=True)
    postcode = models.CharField("邮政编码", max_length=6, blank=True)
    needs_assistance = models.BooleanField(
        "需要阅读或听力方面的帮助", default=False, help_text="条例第四十三条"
    )

    description = models.TextField("所需信息描述")
    document_number = models.CharField("文号", max_length=100, blank=True)
    form_wanted = models.CharField(
        "信息提供形式", max_length=20, choices=Form.choices, default=Form.ELECTRONIC
    )
    delivery = models.CharField(
        "获取信息方式", max_length=20, choices=Delivery.choices, default=Delivery.EMAIL
    )

    status = models.CharField(
        "办理状态", max_length=30, choices=Status.choices, default=Status.IN_PROGRESS
    )
    outcome = models.CharField("办理结果", max_length=30, choices=Outcome.choices, blank=True)
    closed_on = models.DateField("办结日期", null=True, blank=True)
    fee_amount = models.DecimalField("收费金额（元）", max_digits=10, decimal_places=2, default=0)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="登记人",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = RequestQuerySet.as_manager()

    class Meta:
        verbose_name = "政府信息公开申请"
        verbose_name_plural = "政府信息公开申请"
        permissions = [
            ("approve_extension", "批准延期答复（负责人）"),
            ("sign_off_answer", "签发答复（负责人）"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["agency", "number"], name="request_unique_number"),
            models.CheckConstraint(
                condition=(models.Q(status=Status.CLOSED) & ~models.Q(outcome=""))
                | (~models.Q(status=Status.CLOSED) & models.Q(outcome="")),
                name="request_outcome_iff_closed",
            ),
        ]
        indexes = [
            models.Index(fields=["agency", "status", "received_on"], name="request_worklist"),
            models.Index(fields=["agency", "received_on"], name="request_by_received"),
            models.Index(fields=["agency", "closed_on"], name="request_by_closed"),
            models.Index(fields=["number"], name="request_number"),
        ]

    def __str__(self):
        return f"{self.number} {self.applicant_name}"

    # --- the clock (derived, never stored) -------------------------------------------------

    def _prefetched(self, name):
        cache = getattr(self, "_prefetched_objects_cache", {})
        if name in cache:
            return list(cache[name])
        return list(getattr(self, name).all()) if self.pk else []

    def _one(self, name):
        try:
            return getattr(self, name)
        except models.ObjectDoesNotExist:
            return None

    @property
    def is_closed(self):
        return self.status == self.Status.CLOSED

    @property
    def awaits_confirmation(self):
        """Submitted online and not yet confirmed: the received date is provisional."""
        return self.status == self.Status.SUBMITTED

    @property
    def is_consulting(self):
        return self.status == self.Status.CONSULTING

    @property
    def is_extended(self):
        extension = self._one("extension")
        return extension is not None and extension.is_approved

    def pauses(self):
        consultations = [
            deadlines.consultation_pause(c.sent_on, c.replied_on if c.is_closed else None)
            for c in self._prefetched("consultations")
        ]
        fees = [
            deadlines.fee_pause(f.notified_on, f.paid_on) for f in self._prefetched("fee_notices")
        ]
        return consultations + fees

    def clock_start(self):
        """The received date, or the day the corrected request arrived (条例第三十条)."""
        correction = self._one("correction")
        return correction.corrected_on if correction and correction.corrected_on else None

    def due(self, extended=None):
        """The current answer deadline (a `Deadline`), or None while waiting for a 补正."""
        if self.status == self.Status.AWAITING_CORRECTION:
            return None
        due = deadlines.due_date(
            self.received_on,
            corrected_on=self.clock_start(),
            pauses=self.pauses(),
            extended=self.is_extended if extended is None else extended,
        )
        reasons = self._one("reasons_request")
        return deadlines.delayed_due(due, reasons.delay_until if reasons else None)

    def handling_state(self, today=None):
        due = self.due()
        return deadlines.handling_state(
            due.date if due else None, today or timezone.localdate(), self.closed_on
        )

    def is_overdue(self, today=None):
        due = self.due()
        return deadlines.is_overdue(
            due.date if due else None, today or timezone.localdate(), self.closed_on
        )

    @property
    def outcome_info(self):
        return OUTCOME_INFO.get(self.outcome)

    @property
    def decision_name(self):
        """The decision in words ("部分公开", "信息不存在" …), never the report's row label."""
        if not self.outcome:
            return ""
        answer = self._one("answer_record")
        return decision_name(self.outcome, answer.case if answer else "")

    @property
    def is_organisation(self):
        return self.applicant_kind != self.ApplicantKind.PERSON

    def set_query_code(self, code=None):
        """Give the request a new private code (or `code`); returns it (only its hash is stored)."""
        code = code or new_query_code()
        self.query_code_hash = hash_code(code)
        return code

    def check_code(self, code):
        return _matches(self.query_code_hash, code)


class RequestCounter(models.Model):
    """The last number given to a request of one agency in one year.

    Numbering locks this row (select_for_update) so that concurrent submissions on
    PostgreSQL never get the same number.
    """

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["agency", "year"], name="request_counter_unique"),
        ]

    def __str__(self):
        return f"{self.agency_id}/{self.year}: {self.last}"


def next_request_number(agency, year):
    """The next free 申请编号 of `agency` for `year`, e.g. "2025-00012".

    Must run inside the transaction that saves the request: the counter row stays locked
    until it commits. Numbers taken by imported ledgers are skipped.
    """
    assert transaction.get_connection().in_atomic_block, "call inside transaction.atomic()"
    RequestCounter.objects.bulk_create(
        [RequestCounter(agency=agency, year=year)], ignore_conflicts=True
    )
    counter = RequestCounter.objects.select_for_update().get(agency=agency, year=year)
    while True:
        counter.last += 1
        number = f"{year}-{counter.last:05d}"
        if not Request.objects.filter(agency=agency, number=number).exists():
            break
    counter.save(update_fields=["last"])
    return number
