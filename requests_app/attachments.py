"""Checks for files attached to a request: judged by their content, not their name; and the
name they are kept under, which must agree with that content."""

import zipfile

import filetype
from django.core.exceptions import ValidationError

from catalog.sanitise import clean_filename

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


# The extensions a detected type may go by: a name keeping one of them keeps it. Word and
# Excel 97–2003 (and WPS) files share one container, so they may go by each other's.
OLE2_NAMES = {"doc", "xls", "wps", "et"}
NAMES = {
    "pdf": {"pdf"},
    "jpg": {"jpg", "jpeg"},
    "png": {"png"},
    "doc": OLE2_NAMES,
    "xls": OLE2_NAMES,
    "docx": {"docx"},
    "xlsx": {"xlsx"},
    "ofd": {"ofd"},
}
MAX_NAME_LENGTH = 200


def detect(upload):
    """The type of an uploaded file by its content (a key of ALLOWED_TYPES), or a
    ValidationError in Chinese.

    Accepts PDF, JPEG, PNG, Word, Excel and OFD up to 10 MB, whatever the file is called.
    """
    shown = clean_filename(upload.name)
    if upload.size > MAX_ATTACHMENT_SIZE:
        raise ValidationError(f"文件“{shown}”超过 10 MB，请压缩或拆分后再上传。")
    if upload.size == 0:
        raise ValidationError(f"文件“{shown}”是空文件。")
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    kind = filetype.guess(head)
    if kind is not None and kind.extension in ALLOWED_TYPES:
        return kind.extension
    if kind is not None and kind.extension == "zip" and _is_ofd(upload):
        return "ofd"
    raise ValidationError(
        f"文件“{shown}”的格式不受支持：只接受 PDF、JPG、PNG、Word、Excel 或 OFD 文件。"
    )


def check_attachment(upload):
    """The MIME type of an uploaded file, or a ValidationError in Chinese (see `detect`)."""
    return ALLOWED_TYPES[detect(upload)]


def safe_name(upload):
    """The name a file is kept and offered for download under: its own wording without
    control characters (a right-to-left override makes "gpj.exe" read "exe.jpg") or
    paths, and an extension that agrees with the content. Before, `evil.html` holding a PNG
    was kept as evil.html, and a browser saving the download would open it as a web page."""
    kind = detect(upload)
    name = clean_filename(upload.name, max_length=MAX_NAME_LENGTH)
    stem, dot, extension = name.rpartition(".")
    if dot and stem and extension.lower() in NAMES[kind]:
        return name
    stem = stem if dot and stem else name
    return f"{stem[: MAX_NAME_LENGTH - len(kind) - 1]}.{kind}"
