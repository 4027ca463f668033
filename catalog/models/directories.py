"""The directory tree of the disclosure catalog, shared by all agencies."""

from django.db import models, transaction
from mptt.models import MPTTModel, TreeForeignKey

from ..publicity import bump_public_version


class Directory(MPTTModel):
    """A directory of the disclosure catalog (政府信息公开目录), shared by all agencies.

    The default tree follows the national platform layout (docs/catalog.md); names
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
    # 发布时效 (条例第二十六条 "另有规定的，从其规定"; catalog/timeliness.py): empty = as the
    # parent directory; no directory up the tree sets one = 20 working days.
    publication_limit = models.PositiveSmallIntegerField(
        "发布时限（天数）",
        null=True,
        blank=True,
        help_text="留空则沿用上级目录；都未设置时为20个工作日（条例第二十六条）",
    )
    limit_in_workdays = models.BooleanField(
        "按工作日计算",
        default=True,
        db_default=True,
        help_text="不勾选则按自然日计算（如预算法规定的20日）",
    )
    limit_basis = models.CharField(
        "时限依据",
        max_length=200,
        blank=True,
        default="",
        db_default="",
        help_text="如：预算法第十四条，批复后20日内",
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
