"""Attachments: type checked by content, size-limited, stored under safe generated names."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from catalog.attachments import detect_kind, validate_upload
from catalog.models import Attachment

from .items import new_item

PDF = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"
PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000") + b"\0" * 40
JPG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\0" * 40
GIF = b"GIF89a" + b"\0" * 40
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600
HTML = b"<html><script>alert(1)</script></html>"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'
EXE = b"MZ\x90\x00" + b"\0" * 100


def zipped(*names):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in names:
            archive.writestr(name, "<x/>")
    return buffer.getvalue()


DOCX = zipped("[Content_Types].xml", "word/document.xml")
XLSX = zipped("[Content_Types].xml", "xl/workbook.xml")
OFD = zipped("OFD.xml", "Doc_0/Document.xml")
ZIP = zipped("说明.txt")


def upload(name, content):
    return SimpleUploadedFile(name, content)


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("预算.pdf", PDF),
        ("预算.PDF", PDF),
        ("公文.ofd", OFD),
        ("通知.doc", OLE2),
        ("通知.docx", DOCX),
        ("报表.xls", OLE2),
        ("报表.xlsx", XLSX),
        ("通知.wps", OLE2),
        ("报表.et", OLE2),
        ("照片.jpg", JPG),
        ("照片.jpeg", JPG),
        ("图.png", PNG),
        ("图.gif", GIF),
        ("材料.zip", ZIP),
        ("材料.zip", DOCX),
    ],
)
def test_allowed_types_pass(name, content):
    assert validate_upload(upload(name, content), name) == name.rsplit(".", 1)[1].lower()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("页面.html", HTML, "不允许上传"),
        ("图.svg", SVG, "不允许上传"),
        ("程序.exe", EXE, "不允许上传"),
        ("无扩展名", PDF, "无扩展名"),
        ("伪装.pdf", HTML, "内容不是扩展名所说的PDF文件"),
        ("伪装.png", SVG, "内容不是"),
        ("伪装.docx", EXE, "内容不是"),
        ("伪装.docx", ZIP, "内容不是"),
        ("伪装.xlsx", DOCX, "内容不是"),
        ("伪装.ofd", ZIP, "内容不是"),
        ("伪装.jpg", PNG, "内容不是"),
        ("伪装.doc", DOCX, "内容不是"),
        ("空.pdf", b"", "空文件"),
    ],
)
def test_wrong_or_disguised_types_are_refused_in_chinese(name, content, message):
    with pytest.raises(ValidationError) as error:
        validate_upload(upload(name, content), name)
    assert message in error.value.messages[0]


def test_size_limit_is_a_setting(settings):
    settings.ATTACHMENT_MAX_BYTES = 1024
    validate_upload(upload("小.pdf", PDF), "小.pdf")
    with pytest.raises(ValidationError) as error:
        validate_upload(upload("大.pdf", PDF + b"\0" * 2000), "大.pdf")
    assert "超过了" in error.value.messages[0]


def test_detect_kind_leaves_the_file_at_its_start():
    file = upload("a.docx", DOCX)
    assert detect_kind(file) == "docx"
    assert file.read(2) == b"PK"


@pytest.mark.django_db
def test_stored_under_a_random_name_keeping_the_display_name(settings, tmp_path, agency_a):
    settings.MEDIA_ROOT = tmp_path
    item = new_item(agency_a)
    attachment = Attachment(item=item, file=upload("<img src=x onerror=alert(1)>预算表.pdf", PDF))
    attachment.full_clean()
    attachment.save()
    attachment.refresh_from_db()
    assert attachment.name == "_img src=x onerror=alert(1)_预算表.pdf"
    stored = attachment.file.name
    assert stored.startswith("attachments/") and stored.endswith(".pdf")
    assert "onerror" not in stored and "预算" not in stored
    assert attachment.size == len(PDF)
    assert attachment.content_type == "application/pdf"
    assert (tmp_path / stored).read_bytes() == PDF


@pytest.mark.django_db
def test_model_validation_rejects_a_disguised_file(settings, tmp_path, agency_a):
    settings.MEDIA_ROOT = tmp_path
    attachment = Attachment(item=new_item(agency_a), file=upload("通知.pdf", HTML))
    with pytest.raises(ValidationError) as error:
        attachment.full_clean()
    assert "file" in error.value.message_dict


@pytest.mark.django_db
def test_invisible_characters_are_stripped_from_names(agency_a):
    """Bidi marks, zero-width characters and BOMs disguise what a file is (issue 17, finding 8);
    the older rule removed only the bidi overrides and C0/C1 controls."""
    attachment = Attachment(
        item=new_item(agency_a), file=upload("\ufeff预算\u200b\u200f\u061c表\u2066.pdf", PDF)
    )
    attachment.full_clean()
    attachment.save()
    assert attachment.name == "预算表.pdf"
