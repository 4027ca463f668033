"""Files attached to an item; the upload rules live in catalog/attachments.py."""

import reversion
from django.core.exceptions import ValidationError
from django.db import models

from .. import attachments, sanitise
from .items import Item


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

    @property
    def download_name(self):
        return attachments.download_name(self.name, self.file.name)

    @property
    def type_label(self):
        return attachments.type_label(self.file.name)
