"""Items of the catalog: the item itself, who may see it publicly, its channels and its log."""

import reversion
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from organisation.models import Agency

from .. import sanitise
from ..fields import TsVectorField
from ..workflow import ItemWorkflow
from .directories import Directory


class Channel(models.Model):
    """A 公开渠道 (website, gazette, Weibo, …): the annual report counts items per channel."""

    name = models.CharField("渠道名称", max_length=20, unique=True)
    position = models.PositiveSmallIntegerField("排序", default=0)

    class Meta:
        verbose_name = "公开渠道"
        verbose_name_plural = "公开渠道"
        ordering = ["position"]

    def __str__(self):
        return self.name


class ItemStatus(models.TextChoices):
    """Where an item stands in the workflow (catalog/workflow.py); read it as `Item.Status`."""

    DRAFT = "draft", "草稿"
    PENDING = "pending", "待审核"
    RETURNED = "returned", "已退回"
    PUBLISHED = "published", "已发布"
    WITHDRAWN = "withdrawn", "已撤回"


# THE statuses the public sees (条例第二十六条, docs/legal-rules.md §7): published items, and
# withdrawn ones, whose public URL stays and says it was withdrawn. Read as `Item.PUBLIC_STATUSES`
# and, with the 发布日期, as `PUBLIC_CONDITION`: `ItemQuerySet.public()` filters with it, the
# partial indexes of `Item.Meta` are built on it (so the planner can prove that an index covers
# exactly the public rows) and `Item.is_public` answers it for one item.
PUBLIC_STATUSES = (ItemStatus.PUBLISHED, ItemStatus.WITHDRAWN)
PUBLIC_CONDITION = Q(status__in=list(PUBLIC_STATUSES), published_at__isnull=False)


class ItemMode(models.TextChoices):
    """公开属性, decided when the item is drafted (源头认定); read it as `Item.Mode`."""

    PROACTIVE = "proactive", "主动公开"
    ON_REQUEST = "on_request", "依申请公开"
    NOT_DISCLOSED = "not_disclosed", "不予公开"


def listed_condition():
    """Which items the public may meet at all, by 公开属性 (docs/catalog.md §3).

    Never a 不予公开 item (even its title may be sensitive, 条例第十四条至第十六条); a 依申请公开
    item only where its agency lists such titles (`Agency.lists_on_request_items`). The few
    agencies that do not are a cached set of ids (catalog/navigation.py, renewed with the public
    version when an agency changes), so public queries need no join. Kept apart from
    PUBLIC_CONDITION, the predicate of the partial indexes: a query with both still uses them.
    """
    from ..navigation import agencies_hiding_on_request

    condition = ~Q(mode=ItemMode.NOT_DISCLOSED)
    hidden = agencies_hiding_on_request()
    if hidden:
        condition &= ~Q(mode=ItemMode.ON_REQUEST, agency_id__in=sorted(hidden))
    return condition


class ItemQuerySet(models.QuerySet):
    def public(self):
        """The items the public may see: THE rule used by every public page, feed and sitemap.

        Items in `PUBLIC_STATUSES` with a 发布日期: published ones, and withdrawn ones (the
        public URL of a withdrawn item stays and says it was withdrawn), whose 公开属性 lets
        them be listed (`listed_condition()`): never 不予公开; 依申请公开 only where the agency
        lists them, and then without body (`catalog.publicity.shows_content`). Drafts,
        pending and returned items never.
        """
        return self.filter(PUBLIC_CONDITION).filter(listed_condition())

    def public_or_of(self, agencies):
        """The public items and all items of `agencies` (a 解读 may explain another agency's
        published policy, so staff pick from these)."""
        return self.filter(Q(agency__in=agencies) | (PUBLIC_CONDITION & listed_condition()))


class Item(ItemWorkflow, models.Model):
    """One piece of government information in the catalog (docs/catalog.md, "An item").

    Status changes go through the methods of `ItemWorkflow` (catalog/workflow.py).
    """

    Status = ItemStatus
    PUBLIC_STATUSES = PUBLIC_STATUSES

    class Genre(models.TextChoices):
        REGULATION = "regulation", "规章"
        NORMATIVE = "normative", "行政规范性文件"
        RESOLUTION = "resolution", "决议"
        DECISION = "decision", "决定"
        ORDER = "order", "命令（令）"
        COMMUNIQUE = "communique", "公报"
        ANNOUNCEMENT = "announcement", "公告"
        PUBLIC_NOTICE = "public_notice", "通告"
        OPINION = "opinion", "意见"
        NOTICE = "notice", "通知"
        CIRCULAR = "circular", "通报"
        REPORT = "report", "报告"
        REQUEST = "request", "请示"
        REPLY = "reply", "批复"
        MOTION = "motion", "议案"
        LETTER = "letter", "函"
        MINUTES = "minutes", "纪要"
        OTHER = "other", "其他"

    class Validity(models.TextChoices):
        VALID = "valid", "有效"
        REPEALED = "repealed", "废止"
        EXPIRED = "expired", "失效"

    Mode = ItemMode

    agency = models.ForeignKey(
        Agency, verbose_name="发布机构", on_delete=models.PROTECT, related_name="items"
    )
    directory = models.ForeignKey(
        Directory, verbose_name="目录", on_delete=models.PROTECT, related_name="items"
    )
    extra_directories = models.ManyToManyField(
        Directory, verbose_name="其他目录", blank=True, related_name="extra_items"
    )
    index_number = models.CharField(
        "索引号", max_length=40, unique=True, null=True, blank=True, editable=False
    )
    index_year = models.PositiveSmallIntegerField("索引号年份", null=True, editable=False)
    index_serial = models.PositiveIntegerField("索引号序号", null=True, editable=False)
    title = models.CharField("名称", max_length=300)
    summary = models.TextField("内容概述", blank=True)
    body = models.TextField("正文", blank=True)
    document_number = models.CharField("文号", max_length=100, blank=True)
    written_on = models.DateField("成文日期")
    genre = models.CharField("体裁", max_length=20, choices=Genre.choices, default=Genre.OTHER)
    subject = models.CharField("主题分类", max_length=100, blank=True)
    keywords = models.CharField("主题词", max_length=200, blank=True)
    validity = models.CharField(
        "有效性", max_length=10, choices=Validity.choices, blank=True, default=""
    )
    effective_on = models.DateField("施行日期", null=True, blank=True)
    invalid_on = models.DateField("废止或失效日期", null=True, blank=True)
    mode = models.CharField("公开方式", max_length=20, choices=Mode.choices, default=Mode.PROACTIVE)
    mode_reason = models.TextField(
        "公开方式认定理由",
        blank=True,
        default="",
        db_default="",  # bulk loads (bench/ COPY) that name no such column
        help_text="依申请公开、不予公开时必填：写明依据，如条例第十四条（国家秘密）、第十五条（商业秘密、"
        "个人隐私）、第十六条（内部事务信息、过程性信息）",
    )
    channels = models.ManyToManyField(Channel, verbose_name="公开渠道", blank=True)
    interprets = models.ManyToManyField(
        "self",
        verbose_name="解读的政策",
        symmetrical=False,
        blank=True,
        related_name="interpretations",
    )
    status = models.CharField(
        "状态", max_length=20, choices=Status.choices, default=Status.DRAFT, editable=False
    )
    review_comment = models.TextField("审核意见", blank=True, editable=False)
    withdrawal_reason = models.TextField("撤回原因", blank=True, editable=False)
    published_at = models.DateTimeField("发布日期", null=True, blank=True, editable=False)
    corrected_at = models.DateTimeField("更正日期", null=True, blank=True, editable=False)
    withdrawn_at = models.DateTimeField("撤回日期", null=True, blank=True, editable=False)
    workdays_to_publish = models.PositiveIntegerField(
        "发布用时（工作日）",
        null=True,
        blank=True,
        editable=False,
        help_text="成文日期至发布日期的工作日数；超过20个工作日为逾期（条例第二十六条）",
    )
    days_late = models.PositiveIntegerField(
        "逾期天数",
        null=True,
        blank=True,
        editable=False,
        help_text="超过目录发布时限的天数（按目录的计算方式，工作日或自然日）；0为按期",
    )
    source_request = models.CharField(
        "来源申请编号",
        max_length=40,
        blank=True,
        default="",
        db_default="",
        editable=False,
        help_text="依申请公开转为主动公开时所依据的申请（条例第四十四条，requests_app/to_catalog.py）",
    )
    changed_on = models.DateField(
        "信息变更日期",
        null=True,
        blank=True,
        help_text="更正因信息变更而发布时填写：更正的发布时效从变更之日起算（条例第二十六条）",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="起草人",
        on_delete=models.PROTECT,
        null=True,
        editable=False,
        related_name="+",
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)
    # Unigrams and bigrams of the public text, written by catalog.publicity when public
    # content changes; GIN-indexed on PostgreSQL (migration 0005, not declarable in Meta
    # portably because SQLite has no GIN).
    search_vector = TsVectorField("检索词", blank=True, default="", editable=False)

    objects = ItemQuerySet.as_manager()

    class Meta:
        verbose_name = "政府信息"
        verbose_name_plural = "政府信息"
        permissions = [
            ("publish_item", "审核发布政府信息"),
            ("review_secrecy", "保密审查（条例第十七条）"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "index_year", "index_serial"], name="item_unique_serial"
            ),
        ]
        indexes = [
            # Public lists: newest first, keyset-paginated on (published_at, id).
            models.Index(fields=["status", "-published_at", "-id"], name="item_public_order"),
            models.Index(
                fields=["agency", "status", "-published_at", "-id"], name="item_agency_order"
            ),
            models.Index(
                fields=["directory", "status", "-published_at", "-id"], name="item_dir_order"
            ),
            # Public lists in date order. `status IN (published, withdrawn)` cannot walk
            # the status-first indexes above in date order (two status values), so at a
            # million items PostgreSQL sorted every public row for page 1 (~900 ms); these
            # partial indexes hold exactly the public rows, already in keyset order.
            models.Index(
                fields=["-published_at", "-id"], condition=PUBLIC_CONDITION, name="item_pub_date"
            ),
            models.Index(
                fields=["agency", "-published_at", "-id"],
                condition=PUBLIC_CONDITION,
                name="item_pub_agency_date",
            ),
            models.Index(
                fields=["directory", "-published_at", "-id"],
                condition=PUBLIC_CONDITION,
                name="item_pub_dir_date",
            ),
            # An agency's directory list (a deep page read 11,000 index entries of the
            # agency and the directory each: 5.4 ms at 1,000,000 items; now 0.2 ms),
            # and recounting an agency's directory counters (catalog.counts).
            models.Index(
                fields=["agency", "directory", "-published_at", "-id"],
                condition=PUBLIC_CONDITION,
                name="item_pub_agency_dir_date",
            ),
            # No covering index for the public statistics' items (opendata/statistics.py): one
            # keyed on published_at alone was also the planner's pick for the filtered list and
            # the search windows, and made them slower (filtered list count 10 → 28 ms at
            # 1,000,000 items); the statistics read item_pub_date instead (docs/performance.md §8).
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        # Stored clean: every page, feed and export can trust the body (catalog/sanitise.py).
        self.title = sanitise.clean_text(self.title)
        self.document_number = sanitise.clean_text(self.document_number)
        self.keywords = sanitise.clean_text(self.keywords)
        self.subject = sanitise.clean_text(self.subject)
        self.summary = sanitise.clean_multiline(self.summary)
        self.body = sanitise.clean_body(self.body)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("catalog:item", args=[self.pk])

    # -- where the item stands, for code and templates (no bare status strings) ----

    @property
    def is_public(self):
        """Whether the public sees this item: the rule of `Item.objects.public()`, for one item."""
        return self.status in PUBLIC_STATUSES and self.published_at is not None and self.is_listed

    @property
    def is_listed(self):
        """`listed_condition()` for one item: whether its 公开属性 lets the public meet it."""
        from ..navigation import agencies_hiding_on_request

        if self.mode == ItemMode.NOT_DISCLOSED:
            return False
        return (
            self.mode != ItemMode.ON_REQUEST or self.agency_id not in agencies_hiding_on_request()
        )

    @property
    def is_published(self):
        """Published and not withdrawn: the steps 更正 and 撤回 apply, its body is shown."""
        return self.status == ItemStatus.PUBLISHED

    @property
    def is_withdrawn(self):
        return self.status == ItemStatus.WITHDRAWN

    @property
    def is_pending(self):
        return self.status == ItemStatus.PENDING

    @property
    def is_returned(self):
        return self.status == ItemStatus.RETURNED

    @property
    def is_proactive(self):
        return self.mode == self.Mode.PROACTIVE

    @property
    def is_on_request(self):
        return self.mode == self.Mode.ON_REQUEST

    def clean(self):
        # 公开属性源头认定: anything but 主动公开 says why, at the source.
        if self.mode != ItemMode.PROACTIVE and not (self.mode_reason or "").strip():
            raise ValidationError(
                {"mode_reason": f"公开方式为“{self.get_mode_display()}”时须填写认定理由"}
            )
        if self.invalid_on and self.validity not in (self.Validity.REPEALED, self.Validity.EXPIRED):
            raise ValidationError({"invalid_on": "只有“废止”或“失效”的文件才填写废止或失效日期"})
        if self.validity in (self.Validity.REPEALED, self.Validity.EXPIRED) and not self.invalid_on:
            raise ValidationError({"invalid_on": "请填写废止或失效日期"})
        if self.pk and self.index_number:
            published_agency = (
                type(self).objects.filter(pk=self.pk).values_list("agency_id", flat=True)
            )
            if published_agency and published_agency[0] != self.agency_id:
                raise ValidationError({"agency": "已发布信息的发布机构不能更改"})


# Every saved change of an item, with its attachments, is kept with who and when.
reversion.register(Item, follow=["attachments"])


class ItemEvent(models.Model):
    """An append-only log of an item's workflow steps: who did what, when, and why."""

    class Action(models.TextChoices):
        SUBMITTED = "submitted", "提交审核"
        RETURNED = "returned", "退回修改"
        PUBLISHED = "published", "审核发布"
        CORRECTED = "corrected", "更正"
        WITHDRAWN = "withdrawn", "撤回"
        IMPORTED = "imported", "批量导入"
        MASKED = "masked", "遮盖个人信息"
        PRIVACY_ACCEPTED = "privacy_accepted", "确认公开个人信息"
        SECRECY_REVIEWED = "secrecy_reviewed", "保密审查"

    item = models.ForeignKey(
        Item, verbose_name="政府信息", on_delete=models.CASCADE, related_name="events"
    )
    action = models.CharField("操作", max_length=20, choices=Action.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="操作人",
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    at = models.DateTimeField("时间", auto_now_add=True)
    note = models.TextField("说明", blank=True)

    class Meta:
        verbose_name = "办理记录"
        verbose_name_plural = "办理记录"
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.get_action_display()} {timezone.localtime(self.at):%Y-%m-%d %H:%M}"
