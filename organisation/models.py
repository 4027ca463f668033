"""The agency tree: who discloses, and which agencies a staff member may see."""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.urls import reverse
from mptt.managers import TreeManager
from mptt.models import MPTTModel, TreeForeignKey
from mptt.querysets import TreeQuerySet

from .credit_code import validate_credit_code
from .signals import send_agencies_changed

LETTER_NUMBER_FIELDS = ("简称", "年", "号")
DEFAULT_LETTER_NUMBER_PATTERN = "{简称}依复〔{年}〕{号}号"
VERTICAL_NEEDS_REVIEW_BODY = (
    "实行垂直领导的机关，行政复议机关是其上一级主管部门（行政复议法第二十七条），请填写其名称。"
)


def letter_number_pattern_problem(pattern):
    """Why `pattern` cannot number letters (a Chinese message), or "" when it can."""
    fields = re.findall(r"{([^{}]*)}", pattern or "")
    if "号" not in fields:
        return "文号格式须包含{号}。"
    unknown = [name for name in fields if name not in LETTER_NUMBER_FIELDS]
    if unknown or pattern.count("{") != pattern.count("}"):
        return "文号格式只能使用{简称}、{年}、{号}。"
    return ""


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
        if user.is_superuser or user.has_perm("organisation.manage_all_agencies"):
            return self.all()
        own = list(user.agencies.values_list("pk", "tree_id", "lft", "rght"))
        if not own:
            return self.none()
        condition = Q(pk__in=[pk for pk, *_ in own])
        if user.has_perm("organisation.oversee_subordinates"):
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
    office_name = models.CharField(
        "政府信息公开工作机构名称",
        max_length=100,
        blank=True,
        default="",
        db_default="",  # bulk loads (bench/ COPY) that name no such column
        help_text="如：舒城县人民政府办公室（县政务公开办）；留空则写作“本机关政府信息公开工作机构”（条例第十二条）",
    )
    address = models.CharField("办公地址", max_length=200, blank=True)
    office_hours = models.CharField("办公时间", max_length=200, blank=True)
    phone = models.CharField("联系电话", max_length=50, blank=True)
    fax = models.CharField("传真", max_length=50, blank=True)
    email = models.EmailField("电子邮箱", blank=True)
    postcode = models.CharField("邮政编码", max_length=6, blank=True)
    # The letters an agency signs (requests_app/documents/, docs/legal-rules.md §5).
    vertically_led = models.BooleanField(
        "实行垂直领导",
        default=False,
        help_text="税务、海关、金融、外汇管理、国家安全机关：行政复议机关是上一级主管部门"
        "（行政复议法第二十七条），须在下面填写其名称",
    )
    review_body = models.CharField(
        "行政复议机关",
        max_length=100,
        blank=True,
        help_text="留空：按行政复议法第二十四条由机关树推定（部门、乡镇、派出机关为本级或上一级"
        "人民政府；人民政府为上一级人民政府）",
    )
    court = models.CharField(
        "行政诉讼管辖法院",
        max_length=100,
        blank=True,
        help_text="留空：本机关所在县（区）的基层人民法院；实行集中管辖的地方请填写",
    )
    short_name = models.CharField(
        "机关简称", max_length=20, blank=True, help_text="用于文号，如“舒财”；留空时用机关名称"
    )
    letter_number_pattern = models.CharField(
        "答复书文号格式",
        max_length=60,
        blank=True,
        help_text=f"可用{{简称}}、{{年}}、{{号}}；留空即“{DEFAULT_LETTER_NUMBER_PATTERN}”，"
        "得到如“舒财依复〔2026〕8号”",
    )
    answer_signoff = models.BooleanField(
        "答复须经负责人签发",
        default=False,
        help_text="选中后，办理人起草的答复须由本机关负责人签发后才能出具",
    )
    reading_room = models.TextField(
        "政府信息查阅场所",
        blank=True,
        default="",
        db_default="",
        help_text="地址和开放时间，如：县档案馆政府信息查阅中心（梅河路8号），工作日9:00—17:00（条例第二十五条）",
    )
    lists_on_request_items = models.BooleanField(
        "公开列出依申请公开信息的名称",
        default=True,
        db_default=True,
        help_text="勾选时，本机关“依申请公开”信息的名称和目录信息列入公开目录（不显示正文），便于公众申请；"
        "不勾选则不公开列出。“不予公开”的信息始终不公开列出。",
    )
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
        # The table keeps the name it had when agencies were part of the catalog app.
        db_table = "catalog_agency"
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
        pattern_problem = self.letter_number_pattern and letter_number_pattern_problem(
            self.letter_number_pattern
        )
        if pattern_problem:
            raise ValidationError({"letter_number_pattern": pattern_problem})
        if self.vertically_led and not self.review_body.strip():
            raise ValidationError({"review_body": VERTICAL_NEEDS_REVIEW_BODY})
        if self.pk and self.parent_id:
            if self.parent_id == self.pk or (
                self.parent.tree_id == self.tree_id
                and self.lft < self.parent.lft
                and self.parent.rght < self.rght
            ):
                raise ValidationError({"parent": "上级机关不能是本机关或其下级机关"})

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        transaction.on_commit(send_agencies_changed)

    def get_absolute_url(self):
        return reverse("catalog:agency", args=[self.credit_code])
