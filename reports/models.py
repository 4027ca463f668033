"""Annual reports (政府信息公开工作年度报告, 2021 national format, docs/annual-report-2021.md).

An `AnnualReport` holds what staff write or enter for one agency and year (own figures or summed
over the agency's subtree): the figures other business systems know (行政许可/处罚/强制,
行政事业性收费) and the prose of sections 一, 五 and 六. The tables themselves are never stored
while the report is a draft: `reports.tables` computes them from the records' dates. Publishing
freezes tables and text into a `ReportRevision` (a JSON snapshot), and a correction is a new
revision; the earlier one stays readable.
"""

from decimal import Decimal

import reversion
from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models, transaction

from catalog.models import Item
from organisation.models import Agency

from .publishing import ReportPublishing

FIRST_YEAR = 2008  # the first year of the 条例 (2007年国务院令第492号, in force 2008-05-01)


@reversion.register(follow=["check_overrides"])
class AnnualReport(ReportPublishing, models.Model):
    agency = models.ForeignKey(
        Agency, verbose_name="机关", on_delete=models.PROTECT, related_name="annual_reports"
    )
    year = models.PositiveSmallIntegerField("年度")
    with_subordinates = models.BooleanField(
        "含下级机关", default=False, help_text="本机关及其全部下级机关的合计"
    )

    # Section 二: figures from other business systems, entered by staff (counts; fee in 万元).
    licences = models.PositiveIntegerField("行政许可（本年处理决定数量）", default=0)
    penalties = models.PositiveIntegerField("行政处罚（本年处理决定数量）", default=0)
    coercions = models.PositiveIntegerField("行政强制（本年处理决定数量）", default=0)
    fees = models.DecimalField(
        "行政事业性收费（本年收费金额，万元）",
        max_digits=14,
        decimal_places=4,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"), message="收费金额不能为负数。")],
    )

    # Section 四: which cases it counts (docs/annual-report-2021.md §4), stated on the report.
    cases_filed_earlier = models.BooleanField(
        "第四部分计入以前年度立案、本年审结的案件",
        default=False,
        help_text="不选：只计本年度立案的案件（结果为12月31日时的状态）；选中：另计以前年度立案、"
        "本年度审结的案件，使每个案件的结果都得到报告。所选口径在报告上注明。",
    )

    # Sections 一, 五, 六: prose. 一 and 六 start from drafts computed from the figures.
    overview = models.TextField("一、总体情况", blank=True)
    problems = models.TextField("五、存在的主要问题及改进情况", blank=True)
    other_matters = models.TextField("六、其他需要报告的事项", blank=True)

    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="最后修改人",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = "政府信息公开工作年度报告"
        verbose_name_plural = "政府信息公开工作年度报告"
        permissions = [("publish_annualreport", "发布政府信息公开工作年度报告")]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "year", "with_subordinates"], name="annual_report_unique"
            ),
        ]

    def __str__(self):
        scope = "（含下级机关）" if self.with_subordinates else ""
        return f"{self.agency}{self.year}年政府信息公开工作年度报告{scope}"

    EDITABLE = [
        "licences",
        "penalties",
        "coercions",
        "fees",
        "overview",
        "problems",
        "other_matters",
        "cases_filed_earlier",
    ]

    @classmethod
    def save_edits(cls, *, agency, year, with_subordinates, user, **fields):
        """Store what staff entered (creating the report on first save), as one version."""
        unknown = set(fields) - set(cls.EDITABLE)
        if unknown:
            raise ValueError(f"not editable: {sorted(unknown)}")
        with transaction.atomic(), reversion.create_revision():
            # Two editors saving the first time at once: the unique constraint keeps one row.
            report, _ = cls.objects.select_for_update().get_or_create(
                agency=agency, year=year, with_subordinates=with_subordinates
            )
            for name, value in fields.items():
                setattr(report, name, value)
            report.updated_by = user
            report.full_clean()
            report.save()
            reversion.set_user(user)
            reversion.set_comment("修改年度报告")
        return report

    def accept_failure(self, user, key, reason):
        """Record that staff accept a failing check (`reports.checks` key), with the reason."""
        with transaction.atomic(), reversion.create_revision():
            if self.pk is None:
                self.save()
            override, _ = CheckOverride.objects.update_or_create(
                report=self, key=key, defaults={"reason": reason, "created_by": user}
            )
            reversion.set_user(user)
            reversion.set_comment(f"确认校验例外：{reason}")
        return override

    @property
    def entered(self):
        """The staff-entered figures of section 二, as `reports.tables.section2` takes them."""
        return {
            "licences": self.licences,
            "penalties": self.penalties,
            "coercions": self.coercions,
            "fees": self.fees,
        }

    def overrides(self):
        """{check key: CheckOverride} of this report (empty for an unsaved report)."""
        if not self.pk:
            return {}
        return {o.key: o for o in self.check_overrides.select_related("created_by")}

    def latest_revision(self):
        if not self.pk:
            return None
        return self.revisions.order_by("-number").first()


@reversion.register()
class CheckOverride(models.Model):
    """A failing check accepted by staff, with the reason and who: publishing may then go on."""

    report = models.ForeignKey(
        AnnualReport,
        verbose_name="年度报告",
        on_delete=models.CASCADE,
        related_name="check_overrides",
    )
    key = models.CharField("校验项", max_length=20, help_text="reports.checks 的校验编号")
    reason = models.TextField("理由")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="确认人",
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField("确认时间", auto_now_add=True)

    class Meta:
        verbose_name = "校验例外"
        verbose_name_plural = "校验例外"
        constraints = [
            models.UniqueConstraint(fields=["report", "key"], name="check_override_unique"),
        ]

    def __str__(self):
        return f"{self.key}：{self.reason}"


class ReportRevision(models.Model):
    """A published, frozen version of a report: the computed tables and the text as published.

    `snapshot` is `reports.tables.snapshot()` of the report at publication (sections 二, 三, 四
    as numbers, the prose, the check results). Revisions are append-only: a correction is
    revision n+1, and revision n stays readable.
    """

    report = models.ForeignKey(
        AnnualReport, verbose_name="年度报告", on_delete=models.PROTECT, related_name="revisions"
    )
    number = models.PositiveSmallIntegerField("版本号")
    snapshot = models.JSONField("发布内容")
    note = models.TextField("更正说明", blank=True, help_text="第2版起必填：更正了什么、为什么")
    published_at = models.DateTimeField("发布时间")
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="发布人",
        on_delete=models.PROTECT,
        related_name="+",
    )
    item = models.ForeignKey(
        Item,
        verbose_name="目录中的信息",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="发布到“政府信息公开年报”目录的那条信息",
    )

    class Meta:
        verbose_name = "年度报告发布版本"
        verbose_name_plural = "年度报告发布版本"
        ordering = ["report", "number"]
        constraints = [
            models.UniqueConstraint(fields=["report", "number"], name="report_revision_unique"),
        ]

    def __str__(self):
        return f"{self.report} 第{self.number}版"

    @property
    def is_published(self):
        """Its catalog item is published and not withdrawn: it may be withdrawn."""
        return self.item is not None and self.item.is_published

    @property
    def is_withdrawn(self):
        return self.item is not None and self.item.is_withdrawn
