import reversion
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from mptt.managers import TreeManager
from mptt.models import MPTTModel, TreeForeignKey
from mptt.querysets import TreeQuerySet

from . import attachments, sanitise
from .credit_code import validate_credit_code
from .fields import TsVectorField
from .publicity import bump_public_version
from .workflow import ItemWorkflow


class AgencyQuerySet(TreeQuerySet):
    def for_staff(self, user):
        """The agencies whose data `user` may see and touch in the staff interface.

        A staff member sees the agencies they belong to; one with the 公开办 role
        (permission `oversee_subordinates`) also sees everything below them; a
        系统管理员 (`manage_all_agencies`, or a superuser) sees every agency.
        Everyone else sees nothing.
        """
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_superuser or user.has_perm("catalog.manage_all_agencies"):
            return self.all()
        own = list(user.agencies.values_list("pk", "tree_id", "lft", "rght"))
        if not own:
            return self.none()
        condition = Q(pk__in=[pk for pk, *_ in own])
        if user.has_perm("catalog.oversee_subordinates"):
            # A subtree is one range condition per agency: no recursive queries.
            for _pk, tree_id, lft, rght in own:
                condition |= Q(tree_id=tree_id, lft__gt=lft, rght__lt=rght)
        return self.filter(condition)


class AgencyManager(TreeManager.from_queryset(AgencyQuerySet)):
    pass


class Agency(MPTTModel):
    """A government body that discloses information: a node of the agency tree."""

    class Kind(models.TextChoices):
        GOVERNMENT = "government", "人民政府"
        DEPARTMENT = "department", "政府部门"
        TOWNSHIP = "township", "乡镇街道"
        DISPATCHED = "dispatched", "派出机构"
        OTHER = "other", "其他"

    name = models.CharField("机关名称", max_length=100, unique=True)
    credit_code = models.CharField(
        "统一社会信用代码",
        max_length=18,
        unique=True,
        validators=[validate_credit_code],
        help_text="18位，按GB 32100-2015校验",
    )
    kind = models.CharField("机关类型", max_length=20, choices=Kind.choices)
    parent = TreeForeignKey(
        "self",
        verbose_name="上级机关",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    address = models.CharField("办公地址", max_length=200, blank=True)
    office_hours = models.CharField("办公时间", max_length=200, blank=True)
    phone = models.CharField("联系电话", max_length=50, blank=True)
    fax = models.CharField("传真", max_length=50, blank=True)
    email = models.EmailField("电子邮箱", blank=True)
    postcode = models.CharField("邮政编码", max_length=6, blank=True)
    staff = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name="工作人员",
        related_name="agencies",
        blank=True,
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = AgencyManager()

    class Meta:
        verbose_name = "机关"
        verbose_name_plural = "机关"
        permissions = [
            ("oversee_subordinates", "监督本机关及下级机关（公开办）"),
            ("manage_all_agencies", "管理全部机关（系统管理员）"),
        ]

    class MPTTMeta:
        order_insertion_by = []

    def __str__(self):
        return self.name

    def clean(self):
        if self.postcode and not (self.postcode.isdigit() and len(self.postcode) == 6):
            raise ValidationError({"postcode": "邮政编码应为6位数字"})
        if self.pk and self.parent_id:
            if self.parent_id == self.pk or (
                self.parent.tree_id == self.tree_id
                and self.lft < self.parent.lft
                and self.parent.rght < self.rght
            ):
                raise ValidationError({"parent": "上级机关不能是本机关或其下级机关"})

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        # The header switcher and footer cache agency names and contact data.
        from .context_processors import clear_agency_caches

        transaction.on_commit(clear_agency_caches)

    def get_absolute_url(self):
        return reverse("catalog:agency", args=[self.credit_code])


class CalendarDay(models.Model):
    """A day of the State Council's holiday arrangement, entered by staff.

    Entered days override the `chinese-calendar` package, so that a year the
    package does not know yet is official as soon as its arrangement is entered.
    """

    class Kind(models.TextChoices):
        HOLIDAY = "holiday", "放假"
        WORKDAY = "workday", "调休上班"

    date = models.DateField("日期", unique=True)
    kind = models.CharField("类型", max_length=10, choices=Kind.choices)
    name = models.CharField("名称", max_length=50, help_text="例如：春节、国庆节")

    class Meta:
        verbose_name = "节假日安排"
        verbose_name_plural = "节假日安排"
        ordering = ["date"]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.get_kind_display()}（{self.name}）"


class Directory(MPTTModel):
    """A directory of the disclosure catalog (政府信息公开目录), shared by all agencies.

    The default tree follows the national platform layout (spec/catalog.md); names
    are data, so staff extend it in the admin.
    """

    name = models.CharField("目录名称", max_length=100)
    parent = TreeForeignKey(
        "self",
        verbose_name="上级目录",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    description = models.TextField("说明", blank=True)
    township_only = models.BooleanField(
        "仅适用于乡镇", default=False, help_text="条例第二十一条规定的乡镇公开内容"
    )

    class Meta:
        verbose_name = "公开目录"
        verbose_name_plural = "公开目录"
        constraints = [
            models.UniqueConstraint(fields=["parent", "name"], name="directory_unique_name"),
        ]

    class MPTTMeta:
        order_insertion_by = []

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        # Public pages show the tree from a cache keyed by the public version.
        transaction.on_commit(bump_public_version)

    def delete(self, *args, **kwargs):
        result = super().delete(*args, **kwargs)
        transaction.on_commit(bump_public_version)
        return result

    def path(self):
        """The names from the root down to this directory, joined by '/'."""
        return "/".join(node.name for node in self.get_ancestors(include_self=True))


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


# Who may see an item publicly, as one condition: `ItemQuerySet.public()` filters with it
# and the partial indexes of `Item.Meta` are built on it, so the planner can prove that
# an index covers exactly the public rows (values of Item.Status).
PUBLIC_CONDITION = Q(status__in=["published", "withdrawn"], published_at__isnull=False)


class ItemQuerySet(models.QuerySet):
    def public(self):
        """The items the public may see: THE rule used by every public page, feed and sitemap.

        Published items, and withdrawn ones (条例第二十六条 / legal-rules §7: the public
        URL of a withdrawn item stays and says it was withdrawn). Every 公开方式 is
        catalogued; the body of 依申请公开 / 不予公开 items is never shown (spec/catalog.md),
        see `catalog.publicity.shows_content`. Drafts, pending and returned items never.
        """
        return self.filter(PUBLIC_CONDITION)


class Item(ItemWorkflow, models.Model):
    """One piece of government information in the catalog (spec/catalog.md, "An item").

    Status changes go through the methods of `ItemWorkflow` (catalog/workflow.py).
    """

    class Status(models.TextChoices):
        DRAFT = "draft", "草稿"
        PENDING = "pending", "待审核"
        RETURNED = "returned", "已退回"
        PUBLISHED = "published", "已发布"
        WITHDRAWN = "withdrawn", "已撤回"

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

    class Mode(models.TextChoices):
        PROACTIVE = "proactive", "主动公开"
        ON_REQUEST = "on_request", "依申请公开"
        NOT_DISCLOSED = "not_disclosed", "不予公开"

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
        permissions = [("publish_item", "审核发布政府信息")]
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
            # Recounting one agency's directory counters (catalog.counts).
            models.Index(fields=["agency", "directory", "status"], name="item_agency_dir"),
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

    def clean(self):
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


class IndexCounter(models.Model):
    """The last 索引号 serial given per agency and year; locked while publishing (catalog/numbering.py)."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    last_serial = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "索引号计数器"
        verbose_name_plural = "索引号计数器"
        constraints = [
            models.UniqueConstraint(fields=["agency", "year"], name="index_counter_unique"),
        ]

    def __str__(self):
        return f"{self.agency_id}/{self.year}: {self.last_serial}"


@reversion.register()
class Attachment(models.Model):
    """A file attached to an item (PDF, OFD, Word, Excel, WPS, images, ZIP)."""

    item = models.ForeignKey(
        Item, verbose_name="政府信息", on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField("文件", upload_to=attachments.upload_to, max_length=200)
    name = models.CharField(
        "文件名", max_length=200, blank=True, help_text="留空则使用上传文件的原名"
    )
    content_type = models.CharField("文件类型", max_length=100, editable=False)
    size = models.PositiveIntegerField("大小（字节）", editable=False, default=0)
    position = models.PositiveSmallIntegerField("排序", default=0)

    class Meta:
        verbose_name = "附件"
        verbose_name_plural = "附件"
        ordering = ["position", "id"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if self._is_new_upload():
            self.name = sanitise.clean_filename(self.name or self.file.name)
            self.size = self.file.size
            ext = attachments.extension_of(self.file.name)
            self.content_type = attachments.CONTENT_TYPES.get(ext, "application/octet-stream")
        self.name = sanitise.clean_filename(self.name)
        super().save(*args, **kwargs)

    def clean(self):
        if self._is_new_upload():
            try:
                attachments.validate_upload(self.file, self.file.name)
            except ValidationError as error:
                raise ValidationError({"file": error}) from None

    def _is_new_upload(self):
        return bool(self.file) and not getattr(self.file, "_committed", True)


class DirectoryCount(models.Model):
    """How many public items an agency has directly in a directory: a maintained counter.

    The tree navigation shows counts on every public page; a fresh COUNT per node per
    request does not scale (notes/scale.md). `catalog.counts` recounts an agency's rows
    whenever its public content changes; subtree and all-agency totals are summed from
    these rows in Python.
    """

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="+")
    directory = models.ForeignKey(Directory, on_delete=models.CASCADE, related_name="+")
    items = models.PositiveIntegerField("条数", default=0)

    class Meta:
        verbose_name = "目录条数"
        verbose_name_plural = "目录条数"
        constraints = [
            models.UniqueConstraint(fields=["agency", "directory"], name="directory_count_unique"),
        ]

    def __str__(self):
        return f"{self.agency_id}/{self.directory_id}: {self.items}"
