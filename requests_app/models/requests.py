"""A 依申请公开 request: who asked which agency for what.

State changes (register, confirm, 补正, consultation, extension, fees, answer) live in
`arrival.py` and `workflow.py`, one method each, and the legal clock in `clock.py`; this module
holds the record, its query code and what else is derived from it.
"""

import secrets

from django.conf import settings
from django.db import models
from django.utils.crypto import constant_time_compare, salted_hmac

from organisation.models import Agency

from ..numbering import normalise
from ..outcomes import OUTCOME_INFO, Outcome
from ..wording import decision_name
from .arrival import RequestArrival
from .clock import RequestClock
from .routing import RequestRouting, Routing, needs_routing
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
        """The request with this number (or 原申请编号) whose query code matches, else DoesNotExist.

        A number is unique in the portal; an old number may be shared by requests of different
        agencies, and the code tells them apart.
        """
        number = normalise(number)
        candidates = self.filter(models.Q(number=number) | models.Q(original_number=number))
        for candidate in candidates.exclude(query_code_hash=""):
            if _matches(candidate.query_code_hash, code):
                return candidate
        raise self.model.DoesNotExist("没有与该编号和查询码相符的申请")


class Request(RequestArrival, RequestWorkflow, RequestRouting, RequestClock, models.Model):
    Status = Status
    Routing = Routing  # declared with the table of what each status allows (transitions.py)

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
    number = models.CharField("申请编号", max_length=40, unique=True)
    # The number it had before numbers were portal-wide, or in the ledger it was imported from.
    original_number = models.CharField("原申请编号", max_length=40, blank=True, db_index=True)
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

    class NotifyBy(models.TextChoices):
        EMAIL = "email", "电子邮件"
        SMS = "sms", "手机短信"
        NONE = "none", "不接收通知"

    notify_by = models.CharField(
        "办理进度通知方式",
        max_length=10,
        choices=NotifyBy.choices,
        default=NotifyBy.EMAIL,
        help_text="回执、补正告知、延期、收费通知、答复、更正的通知（查询页面内容相同）",
    )

    # Routing through the county (models/routing.py): `agency` is the agency handling it now,
    # `filed_with` the one the applicant filed with, whose 公开办 routes it.
    filed_with = models.ForeignKey(
        Agency,
        verbose_name="申请提交机关",
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        editable=False,
    )
    routing = models.CharField(
        "分办状态", max_length=20, choices=Routing.choices, default="", blank=True, editable=False
    )
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="承办人",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="handled_requests",
        editable=False,
    )

    status = models.CharField(
        "办理状态", max_length=30, choices=Status.choices, default=Status.IN_PROGRESS
    )
    outcome = models.CharField("办理结果", max_length=30, choices=Outcome.choices, blank=True)
    closed_on = models.DateField("办结日期", null=True, blank=True)
    fee_amount = models.DecimalField("收费金额（元）", max_digits=10, decimal_places=2, default=0)

    # The clock, stored so that the database sorts, filters and counts by it (worklist, staff
    # home); `due()` computes it, `recount_due()` stores it after every change that moves it.
    due_on = models.DateField("答复期限", null=True, blank=True, editable=False)
    due_provisional = models.BooleanField("答复期限暂定", default=False, editable=False)
    told_due_on = models.DateField(
        "已告知申请人的答复期限",
        null=True,
        blank=True,
        editable=False,
        help_text="回执、确认收到和延期答复告知书告诉申请人的期限；此后不会无理由提前",
    )

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
            ("route_request", "转办、督办申请（公开办）"),
        ]
        constraints = [
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
            models.Index(
                fields=["routing", "agency"],
                condition=~models.Q(routing=""),
                name="request_routing",
            ),
            # The worklist's other views, newest first: a province's closed requests are paged
            # along this index instead of sorting 100,000 rows for every page.
            models.Index(fields=["received_on", "id"], name="request_received_order"),
            # The open requests by due date: the worklist's default view and the home's counts.
            models.Index(
                fields=["agency", "due_on"],
                condition=~models.Q(status=Status.CLOSED),
                name="request_open_due",
            ),
            # Public statistics (opendata/statistics.py): requests answered / received in a
            # year, per month, per agency, on time. Covering, so the GROUP BYs over a province's
            # year (~20,000 rows) read the index alone instead of the 100,000-row table.
            models.Index(
                fields=["closed_on"],
                include=["agency", "received_on", "due_on"],
                name="request_closed_stats",
            ),
            models.Index(fields=["received_on"], include=["agency"], name="request_received_stats"),
        ]

    def __str__(self):
        return f"{self.number} {self.applicant_name}"

    def save(self, *args, **kwargs):
        """Saving a request stores its due date with it (docs/legal-rules.md §3): a new request
        has no records yet, so its due date goes into the INSERT without a query."""
        if self._state.adding:
            if self.notify_by == self.NotifyBy.EMAIL and not self.email:
                # No address to write to: told by SMS if there is a phone (notices.py).
                self.notify_by = self.NotifyBy.SMS if self.phone else self.NotifyBy.NONE
            if self.filed_with_id is None:
                self.filed_with_id = self.agency_id
                if needs_routing(self.agency):
                    self.routing = Routing.TO_ROUTE
            self._state.fields_cache.update(correction=None, extension=None)
            self._prefetched_objects_cache = {"consultations": [], "fee_notices": []}
            self._store_due(self.due())
            super().save(*args, **kwargs)
            self._prefetched_objects_cache = {}
            self._state.fields_cache.pop("correction", None)
            self._state.fields_cache.pop("extension", None)
        else:
            super().save(*args, **kwargs)
            self.recount_due()

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
    """The last 申请编号 serial of one year, for the whole portal (requests_app/numbering.py)."""

    year = models.PositiveSmallIntegerField(unique=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self):
        return f"{self.year}: {self.last}"
