"""Attachment uploads: allowed types checked by content, a size limit, safe stored names.

The name a file arrives with is only trusted for its wording (shown to the
public, cleaned) and to say what the file claims to be; the bytes must agree
(magic numbers via `filetype`, plus a look inside ZIP containers, where
Word/Excel 2007+, OFD and plain ZIP files differ). Files are stored under a
random name, so an uploaded name can never address another file or carry markup.
"""

import uuid
import zipfile
from urllib.parse import quote

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone

from .sanitise import clean_filename

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Word/Excel 97–2003 and WPS files

# extension → the detected kinds that may carry it
ALLOWED = {
    "pdf": {"pdf"},
    "ofd": {"ofd"},
    "doc": {"ole2"},
    "docx": {"docx"},
    "xls": {"ole2"},
    "xlsx": {"xlsx"},
    "wps": {"ole2", "docx"},
    "et": {"ole2", "xlsx"},
    "jpg": {"jpg"},
    "jpeg": {"jpg"},
    "png": {"png"},
    "gif": {"gif"},
    "bmp": {"bmp"},
    "tif": {"tif"},
    "tiff": {"tif"},
    "webp": {"webp"},
    "zip": {"zip", "docx", "xlsx", "ofd"},
}

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "ofd": "application/ofd",
    "doc": "application/msword",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xls": "application/vnd.ms-excel",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "wps": "application/vnd.ms-works",
    "et": "application/vnd.ms-excel",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "png": "image/png",
    "gif": "image/gif",
    "bmp": "image/bmp",
    "tif": "image/tiff",
    "tiff": "image/tiff",
    "webp": "image/webp",
    "zip": "application/zip",
}

KIND_LABELS = {
    "pdf": "PDF",
    "ofd": "OFD",
    "ole2": "Word/Excel/WPS（97–2003格式）",
    "docx": "Word",
    "xlsx": "Excel",
    "zip": "ZIP",
}
IMAGE_KINDS = {"jpg", "png", "gif", "bmp", "tif", "webp"}
ALLOWED_DESCRIPTION = "PDF、OFD、Word（doc/docx）、Excel（xls/xlsx）、WPS（wps/et）、图片（jpg/png/gif/bmp/tif/webp）或 ZIP"


def max_bytes():
    return settings.ATTACHMENT_MAX_BYTES


def extension_of(name):
    stem, dot, ext = (name or "").rpartition(".")
    return ext.lower() if dot and stem else ""


def _zip_kind(file):
    try:
        with zipfile.ZipFile(file) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    if "OFD.xml" in names:
        return "ofd"
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    return "zip"


def detect_kind(file):
    """What the bytes of `file` are: 'pdf', 'ofd', 'ole2', 'docx', 'xlsx', 'zip', an image kind, or None."""
    file.seek(0)
    head = file.read(8192)
    file.seek(0)
    if head.startswith(OLE2_MAGIC):
        return "ole2"
    guess = filetype.guess(head)
    kind = guess.extension if guess else None
    if kind == "pdf" or kind in IMAGE_KINDS:
        return kind
    if head.startswith(b"PK\x03\x04"):
        try:
            return _zip_kind(file)
        finally:
            file.seek(0)
    return None


def validate_upload(file, name):
    """Check an uploaded file; return its lower-case extension or raise ValidationError (in Chinese)."""
    display = clean_filename(name)
    ext = extension_of(display)
    if ext not in ALLOWED:
        shown = f"“.{ext}”" if ext else "（无扩展名）"
        raise ValidationError(
            f"附件“{display}”的类型{shown}不允许上传：只能上传{ALLOWED_DESCRIPTION}文件。",
            code="type",
        )
    size = file.size
    if not size:
        raise ValidationError(f"附件“{display}”是空文件。", code="empty")
    limit = max_bytes()
    if size > limit:
        raise ValidationError(
            f"附件“{display}”大小为 {size / 1048576:.1f} MB，超过了 {limit / 1048576:g} MB 的上限。",
            code="size",
        )
    kind = detect_kind(file)
    if kind not in ALLOWED[ext]:
        expected = "、".join(sorted(KIND_LABELS.get(k, "图片") for k in ALLOWED[ext]))
        raise ValidationError(
            f"附件“{display}”的内容不是扩展名所说的{expected}文件（按文件内容识别）。"
            "请检查文件是否损坏，或改用正确的扩展名。",
            code="content",
        )
    return ext


def upload_to(instance, filename):
    """A random stored name under attachments/YYYY/MM/, keeping only a known extension."""
    ext = extension_of(filename)
    suffix = f".{ext}" if ext in ALLOWED else ""
    today = timezone.localdate()
    return f"attachments/{today:%Y/%m}/{uuid.uuid4().hex}{suffix}"


# What the public link says a file is (item page: "预算表.xlsx（Excel，5.0 KB）").
TYPE_LABELS = {
    "pdf": "PDF",
    "ofd": "OFD",
    "doc": "Word",
    "docx": "Word",
    "wps": "WPS文字",
    "xls": "Excel",
    "xlsx": "Excel",
    "et": "WPS表格",
    "zip": "ZIP压缩包",
    **dict.fromkeys(["jpg", "jpeg", "png", "gif", "bmp", "tif", "tiff", "webp"], "图片"),
}


def type_label(stored_name):
    return TYPE_LABELS.get(extension_of(stored_name), "文件")


def download_name(name, stored_name):
    """The name a file downloads under: the original (or staff-given) name, with the stored
    file's extension added when the given name lacks it (a "资金明细表" that is an XLSX)."""
    ext = extension_of(stored_name)
    if ext and extension_of(name) != ext:
        return f"{name}.{ext}"
    return name


def content_disposition(name):
    """`attachment` with the name per RFC 6266: `filename*` (RFC 5987, UTF-8) for every
    browser today, and a plain ASCII `filename` for clients that ignore `filename*`."""
    ext = extension_of(name)
    ascii_name = name if name.isascii() else "attachment" + (f".{ext}" if ext else "")
    ascii_name = ascii_name.replace("\\", "_").replace('"', "_")
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name, safe='')}"
