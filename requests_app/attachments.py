"""Checks for files attached to a request: judged by their content, not their name."""

import zipfile

import filetype
from django.core.exceptions import ValidationError

MAX_ATTACHMENT_SIZE = 10 * 1024 * 1024
MAX_ATTACHMENTS = 5
# extension -> MIME type, as detected from the first bytes of the file
ALLOWED_TYPES = {
    "pdf": "application/pdf",
    "jpg": "image/jpeg",
    "png": "image/png",
    "doc": "application/msword",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xls": "application/vnd.ms-excel",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "ofd": "application/ofd",
}


def _is_ofd(upload):
    # OFD (GB/T 33190) is a ZIP whose root holds OFD.xml; filetype only says "zip".
    try:
        upload.seek(0)
        with zipfile.ZipFile(upload) as archive:
            return "OFD.xml" in archive.namelist()
    except zipfile.BadZipFile:
        return False
    finally:
        upload.seek(0)


def check_attachment(upload):
    """The MIME type of an uploaded file, or a ValidationError in Chinese.

    Accepts PDF, JPEG, PNG, Word, Excel and OFD up to 10 MB, whatever the file is called.
    """
    if upload.size > MAX_ATTACHMENT_SIZE:
        raise ValidationError(f"文件“{upload.name}”超过 10 MB，请压缩或拆分后再上传。")
    if upload.size == 0:
        raise ValidationError(f"文件“{upload.name}”是空文件。")
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    kind = filetype.guess(head)
    if kind is not None and kind.extension in ALLOWED_TYPES:
        return ALLOWED_TYPES[kind.extension]
    if kind is not None and kind.extension == "zip" and _is_ofd(upload):
        return ALLOWED_TYPES["ofd"]
    raise ValidationError(
        f"文件“{upload.name}”的格式不受支持：只接受 PDF、JPG、PNG、Word、Excel 或 OFD 文件。"
    )
