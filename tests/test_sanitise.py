"""What staff type is stored safe: bodies keep a safe HTML subset, other text is plain."""

import pytest
from django.urls import reverse

from catalog.sanitise import clean_body, clean_filename, clean_text
from organisation.roles import INFORMATION_OFFICER, REVIEWER

from .items import cleared, new_item


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ("<p>正文</p>", "<p>正文</p>"),
        ("<p>a</p><script>alert(1)</script>", "<p>a</p>"),
        ('<img src="x.png" onerror="alert(1)">', '<img src="x.png">'),
        ('<a href="javascript:alert(1)">点击</a>', '<a rel="noopener noreferrer">点击</a>'),
        ('<a href="JaVaScRiPt:alert(1)">点击</a>', '<a rel="noopener noreferrer">点击</a>'),
        (
            '<a href="https://www.gov.cn/">中国政府网</a>',
            '<a href="https://www.gov.cn/" rel="noopener noreferrer">中国政府网</a>',
        ),
        ('<img src="data:image/svg+xml;base64,PHN2Zz4=">', "<img>"),
        ('<p style="position:fixed;top:0">盖住页面</p>', "<p>盖住页面</p>"),
        ("<style>body{display:none}</style><p>x</p>", "<p>x</p>"),
        ('<iframe src="https://evil.example/"></iframe>', ""),
        ('<form action="/x"><input name="a"></form>', ""),
        ("<svg onload=alert(1)><p>x</p></svg>", "<p>x</p>"),
        (
            '<table><tr><td colspan="2" onclick="x()">1</td></tr></table>',
            '<table><tbody><tr><td colspan="2">1</td></tr></tbody></table>',
        ),
        ("<!-- 注释 --><p>x</p>", "<p>x</p>"),
        ("<p>预算 &lt;b&gt; 字样</p>", "<p>预算 &lt;b&gt; 字样</p>"),
    ],
)
def test_clean_body(html, expected):
    assert clean_body(html) == expected


def test_clean_body_is_idempotent():
    dirty = '<p onclick="x">a<script>b</script><a href="javascript:x">c</a></p>'
    once = clean_body(dirty)
    assert clean_body(once) == once


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("  舒城县\t财政局\n预算  ", "舒城县 财政局 预算"),
        ("标题\x00\x1b", "标题"),
        ("abc\u202egpj.exe", "abcgpj.exe"),
        ("<script>alert(1)</script>", "<script>alert(1)</script>"),  # plain text, escaped on output
    ],
)
def test_clean_text(value, expected):
    assert clean_text(value) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("2025年部门预算.pdf", "2025年部门预算.pdf"),
        ("../../etc/passwd", "passwd"),
        ("C:\\Users\\张三\\预算表.xlsx", "预算表.xlsx"),
        ("<img src=x onerror=alert(1)>.pdf", "_img src=x onerror=alert(1)_.pdf"),
        ("...", "附件"),
        ("长" * 300 + ".pdf", "长" * 196 + ".pdf"),
    ],
)
def test_clean_filename(name, expected):
    assert clean_filename(name) == expected


@pytest.mark.django_db
def test_script_in_title_summary_and_body_is_inert_on_the_public_page(client, make_staff, agency_a):
    drafter = make_staff("drafter", [INFORMATION_OFFICER], [agency_a])
    reviewer = make_staff("reviewer", [REVIEWER], [agency_a])
    item = new_item(
        agency_a,
        drafter,
        title="<script>alert('title')</script>预算公开",
        summary='<img src=x onerror="alert(1)">概述',
        keywords="<b>预算</b>",
        body='<p onmouseover="alert(1)">正文</p><script>alert("body")</script>'
        '<a href="javascript:alert(1)">链接</a>',
    )
    item.refresh_from_db()
    assert "<script>" not in item.body and "onmouseover" not in item.body
    assert "javascript:" not in item.body
    item.submit(drafter)
    cleared(item, reviewer).publish(reviewer)

    page = client.get(reverse("catalog:item", args=[item.pk])).text
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&#x27;title&#x27;)&lt;/script&gt;预算公开" in page
    assert "<img src=x" not in page and "&lt;img src=x" in page
    assert "onmouseover" not in page
    assert "javascript:alert" not in page
    assert "<p>正文</p>" in page
