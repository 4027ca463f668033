import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from catalog.models import Attachment, Item
from catalog.publicity import public_content_changed
from tests.public_catalog import make_item

pytestmark = pytest.mark.django_db


def test_item_page_shows_the_full_metadata_table_and_breadcrumbs(client, agency_a):
    item = make_item(
        agency_a,
        "关于印发舒城县财政专项资金管理办法的通知",
        directory_name="规章",
        document_number="舒财〔2025〕12号",
        genre=Item.Genre.NORMATIVE,
        validity=Item.Validity.VALID,
        subject="财政、金融、审计\\财政",
        keywords="财政 专项资金",
        body="<p>第一条 为规范管理……</p>",
    )
    html = client.get(item.get_absolute_url()).text
    for label in [
        "索引号",
        "发布机构",
        "成文日期",
        "发布日期",
        "文号",
        "体裁",
        "有效性",
        "主题分类",
        "主题词",
    ]:
        assert f'<th scope="row">{label}</th>' in html
    for value in [
        item.index_number,
        agency_a.name,
        "舒财〔2025〕12号",
        "行政规范性文件",
        "有效",
        "财政 专项资金",
        "2025年3月1日",
    ]:
        assert value in html
    assert "第一条 为规范管理" in html
    assert '<nav class="breadcrumb' in html and "政策文件" in html and "法定主动公开内容" in html
    assert f"发布于{timezone.localtime(item.published_at):%Y年%-m月%-d日}" in html


def test_corrected_item_shows_the_update_line(client, agency_a):
    item = make_item(agency_a, "更正过的信息")
    Item.objects.filter(pk=item.pk).update(
        corrected_at=timezone.make_aware(timezone.datetime(2025, 6, 2, 10))
    )
    public_content_changed(item)
    assert "，更新于2025年6月2日" in client.get(item.get_absolute_url()).text


def test_withdrawn_item_keeps_its_url_and_says_when_and_why(client, agency_a):
    item = make_item(agency_a, "撤回的信息", body="<p>错误的正文</p>")
    Item.objects.filter(pk=item.pk).update(
        status=Item.Status.WITHDRAWN,
        withdrawn_at=timezone.make_aware(timezone.datetime(2025, 7, 8, 10)),
        withdrawal_reason="数据有误，已另行发布更正后的信息",
    )
    public_content_changed(item)
    html = client.get(item.get_absolute_url()).text
    assert "本信息已于2025年7月8日撤回" in html
    assert "数据有误，已另行发布更正后的信息" in html
    assert "错误的正文" not in html


@pytest.mark.parametrize("status", [Item.Status.DRAFT, Item.Status.PENDING, Item.Status.RETURNED])
def test_unpublished_item_is_a_404(client, agency_a, status):
    item = make_item(agency_a, "草稿", status=status)
    assert client.get(item.get_absolute_url()).status_code == 404


def test_on_request_item_is_catalogued_without_its_body(client, agency_a):
    item = make_item(
        agency_a, "依申请公开的信息", mode=Item.Mode.ON_REQUEST, body="<p>机密正文</p>"
    )
    html = client.get(item.get_absolute_url()).text
    assert item.index_number in html and "机密正文" not in html
    assert "依申请公开" in html and "申请办法" in html


def test_script_in_title_and_body_is_inert(client, agency_a):
    item = make_item(
        agency_a,
        '<script>alert("t")</script>标题',
        body='<p onclick="alert(1)">正文</p><script>alert("b")</script><a href="javascript:alert(2)">链接</a><img src=x onerror=alert(3)>',
        summary="<img src=x onerror=alert(4)>",
    )
    html = client.get(item.get_absolute_url()).text
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&quot;t&quot;)&lt;/script&gt;标题" in html
    assert "onclick" not in html and "onerror=alert" not in html.replace(
        "&lt;img src=x onerror=alert(4)&gt;", ""
    )
    assert "javascript:" not in html
    assert "正文" in html


def test_attachments_are_listed_with_sizes(client, agency_a, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    item = make_item(agency_a, "有附件的信息")
    Attachment.objects.create(
        item=item,
        file=SimpleUploadedFile("plan.pdf", b"%PDF-1.4 " + b"x" * 2048),
        name="实施方案.pdf",
        content_type="application/pdf",
        size=2057,
    )
    html = client.get(item.get_absolute_url()).text
    assert "实施方案.pdf" in html and "2.0 KB" in html.replace("\xa0", " ")


def test_policy_and_its_interpretation_link_to_each_other(client, agency_a):
    policy = make_item(agency_a, "舒城县促进就业若干政策", directory_name="行政规范性文件")
    reading = make_item(agency_a, "《舒城县促进就业若干政策》解读", directory_name="政策解读")
    draft_reading = make_item(agency_a, "未发布的解读", status=Item.Status.DRAFT)
    reading.interprets.add(policy)
    draft_reading.interprets.add(policy)
    policy_html = client.get(policy.get_absolute_url()).text
    assert "相关解读" in policy_html and reading.get_absolute_url() in policy_html
    assert "未发布的解读" not in policy_html
    assert policy.get_absolute_url() in client.get(reading.get_absolute_url()).text


def test_an_item_without_links_reads_no_linked_items(client, agency_a):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.public_catalog import make_item as make_public_item

    item = make_public_item(agency_a, "没有解读的通知")
    with CaptureQueriesContext(connection) as queries:
        assert client.get(item.get_absolute_url()).status_code == 200
    assert not [q for q in queries if "catalog_item_interprets" in q["sql"] and "JOIN" in q["sql"]]


def test_a_warm_item_page_without_files_or_links_is_one_query(client, agency_a):
    """Agency and directory come from the navigation caches: no join, no query of their own;
    the item's row says it has no files and no links, so neither is read."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.public_catalog import make_item as make_public_item

    agency_a.address = "城关镇梅河路1号"
    agency_a.save()
    item = make_public_item(agency_a, "没有解读的通知")
    client.get(item.get_absolute_url())  # fills the navigation caches
    with CaptureQueriesContext(connection) as queries:
        # Another query string: the page itself is not in the page cache.
        response = client.get(item.get_absolute_url() + "?again=1")
    assert response.status_code == 200
    assert agency_a.name in response.text
    assert agency_a.address in response.text  # the footer's contacts
    assert len(queries) == 1
    assert not [q for q in queries if "catalog_agency" in q["sql"]]
