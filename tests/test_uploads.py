"""Uploads are judged by content and size wherever they enter: the public request form and the
workbench. (tests/test_attachments.py covers the catalog's attachments and the checks
themselves.) Refused files leave nothing behind and the reason is given in Chinese, with the
file's own name shown as text."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from requests_app.attachments import MAX_ATTACHMENT_SIZE, MAX_ATTACHMENTS
from requests_app.models import Request, RequestAttachment
from tests.access import PDF, build_world
from tests.applying import submit

HOSTILE_NAME = "<img src=x onerror=alert(1)>.pdf"
REFUSED = {
    "too big": (("大文件.pdf", b"%PDF-1.4\n" + b"0" * MAX_ATTACHMENT_SIZE), "超过 10 MB"),
    "empty": (("空.pdf", b""), "空文件"),
    "a web page named .pdf": (
        ("材料.pdf", b"<html><script>alert(1)</script></html>"),
        "格式不受支持",
    ),
    "a program named .jpg": (
        ("照片.jpg", b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 64),
        "格式不受支持",
    ),
    "script with a hostile name": ((HOSTILE_NAME, b"#!/bin/sh\nrm -rf /\n"), "格式不受支持"),
}


def upload(name, content):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


@pytest.mark.parametrize("case", REFUSED)
def test_the_public_form_refuses_bad_files(client, agency_a, case, tmp_path):
    (name, content), message = REFUSED[case]
    response = submit(client, agency_a, files=[upload(name, content)])
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page and "<img src=x" not in page
    assert not Request.objects.exists() and not RequestAttachment.objects.exists()
    assert not [p for p in (tmp_path / "private").rglob("*") if p.is_file()]


def test_the_public_form_refuses_too_many_files(client, agency_a):
    files = [upload(f"材料{n}.pdf", PDF) for n in range(MAX_ATTACHMENTS + 1)]
    response = submit(client, agency_a, files=files)
    assert response.status_code == 400 and not Request.objects.exists()
    assert f"最多{MAX_ATTACHMENTS}个" in response.content.decode().replace(" ", "")


@pytest.mark.parametrize("case", REFUSED)
def test_the_workbench_refuses_bad_files(make_agency, make_staff, case):
    world = build_world(make_agency, make_staff)
    client = Client()
    client.force_login(world.users["staff_a"])
    (name, content), message = REFUSED[case]
    if case == "empty":  # Django's FileField refuses it first
        message = "请选择要上传的文件"
    url = f"/staff/requests/{world.request.pk}/attachments/"
    response = client.post(url, {"file": upload(name, content)}, follow=True)
    page = response.content.decode()
    assert response.status_code == 200 and message in page and "<img src=x" not in page
    assert world.request.attachments.count() == 1  # the one it had


# --- names that agree with the content (issue 17, finding 8) ---------------------------------

PNG_BYTES = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000") + b"\0" * 40
JPG_BYTES = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\0" * 40
RLO, RLM, ZWSP, BOM = "\u202e", "\u200f", "\u200b", "\ufeff"


@pytest.mark.parametrize(
    ("sent", "content", "kept"),
    [
        ("evil.html", PNG_BYTES, "evil.png"),
        (f"报告{RLO}gnp.html", PNG_BYTES, "报告gnp.png"),
        (f"{BOM}身份证{ZWSP}{RLM}.jpg", JPG_BYTES, "身份证.jpg"),
        ("扫描件", PDF, "扫描件.pdf"),
        ("照片.JPEG", JPG_BYTES, "照片.JPEG"),
        ("材料.pdf.exe", PDF, "材料.pdf.pdf"),
    ],
    ids=["html-holding-png", "right-to-left-override", "invisible-marks", "no-extension",
         "alias-kept", "double-extension"],
)  # fmt: skip
def test_an_applicants_file_is_kept_under_a_name_that_agrees_with_its_content(
    client, agency_a, make_staff, sent, content, kept
):
    """Before: `evil.html` holding a PNG was kept and offered for download as evil.html, and
    a right-to-left override in a name was kept too."""
    assert submit(client, agency_a, files=[upload(sent, content)]).status_code == 302
    attachment = RequestAttachment.objects.get()
    assert attachment.name == kept
    assert not attachment.file.name.endswith(".html")
    staff = make_staff("h", roles=["办理人"], agencies=[agency_a])
    client.force_login(staff)
    download = client.get(f"/staff/requests/{attachment.request_id}/attachments/{attachment.pk}/")
    assert download.status_code == 200
    assert download["Content-Type"] == attachment.content_type
    disposition = download["Content-Disposition"]
    assert disposition.startswith("attachment;") and RLO not in disposition
    assert ".html" not in disposition


def test_the_workbench_renames_a_disguised_file_too(make_agency, make_staff):
    world = build_world(make_agency, make_staff)
    client = Client()
    client.force_login(world.users["staff_a"])
    response = client.post(
        f"/staff/requests/{world.request.pk}/attachments/",
        {"file": upload(f"通知{RLO}lmth.pdf", PNG_BYTES)},
    )
    assert response.status_code == 302
    assert world.request.attachments.order_by("-pk").first().name == "通知lmth.png"
