"""Counters kept beside the items: 索引号 serials (catalog/numbering.py) and directory
counts (catalog/counts.py). Both are written by those modules only."""

from django.db import models

from organisation.models import Agency

from .directories import Directory


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


class DirectoryCount(models.Model):
    """How many public items an agency has directly in a directory: a maintained counter.

    The tree navigation shows counts on every public page; a fresh COUNT per node per
    request does not scale (docs/scale.md). `catalog.counts` recounts an agency's rows
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
