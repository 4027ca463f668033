"""A 审核人 tries to publish a 公示 with a full 身份证号: the portal refuses and shows where; one
click masks it, and the item is published. The 公开办's screening page lists an older item that
was published before the screen (docs/catalog.md §6)."""

from django.contrib.auth.models import User
from django.core.files.base import ContentFile
from playwright.sync_api import expect

from catalog.models import Attachment
from tests.items import cleared, new_item
from tests.privacy_files import id_number, xlsx_bytes
from tests.public_catalog import make_item

from .checks import assert_accessible
from .conftest import ARTIFACTS, log_in

ID = id_number()
TITLE = "舒城县财政局2025年临时救助对象公示"
BODY = (
    f"<p>经审核，以下人员符合临时救助条件：</p><p>张三，身份证号{ID}，联系电话13812345678。</p>"
    "<p>监督电话：0564-8627111</p>"
)


def test_publishing_personal_data_is_blocked_then_masked(open_page, demo):
    drafter = User.objects.get(username="czj_xinxiyuan")
    item = new_item(demo["舒城县财政局"], drafter, title=TITLE, body=BODY)
    Attachment.objects.create(
        item=item,
        file=ContentFile(xlsx_bytes([["姓名", "身份证号"], ["张三", ID]]), name="救助名单.xlsx"),
        name="救助名单.xlsx",
    )
    item.submit(drafter)
    cleared(item, User.objects.get(username="czj_shenhe"))  # 保密审查 done (条例第十七条)

    page = open_page("desktop")
    log_in(page, "czj_shenhe")
    page.goto(f"/admin/catalog/item/{item.pk}/change/")
    page.get_by_role("button", name="审核通过并发布").click()
    expect(page.locator(".messagelist")).to_contain_text("发现未遮盖的个人信息，不能发布")
    panel = page.locator("#privacy")
    expect(panel).to_contain_text("35*************234")
    expect(panel).to_contain_text("附件《救助名单.xlsx》名单!B2")
    assert ID not in panel.inner_text()
    assert_accessible(page)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / "privacy-publish-blocked.png", full_page=True)

    # The office's 监督电话 is meant to be public: the 审核人 says so.
    row = panel.locator("tr", has_text="0564-****111")
    row.get_by_label("理由").fill("本机关监督电话，依法公开")
    row.get_by_role("button", name="确认可以公开").click()
    expect(page.locator(".messagelist")).to_contain_text("已确认可以公开：固定电话 0564-****111")
    page.get_by_role("button", name="一键遮盖名称、概述和正文中的个人信息").click()
    expect(page.locator(".messagelist")).to_contain_text("已按规范遮盖 2 处个人信息")
    page.screenshot(path=ARTIFACTS / "privacy-masked.png", full_page=True)

    # The attachment still blocks: it must be replaced.
    page.get_by_role("button", name="审核通过并发布").click()
    expect(page.locator(".messagelist")).to_contain_text("附件《救助名单.xlsx》名单!B2")
    Attachment.objects.filter(item=item).delete()
    page.goto(f"/admin/catalog/item/{item.pk}/change/")
    page.get_by_role("button", name="审核通过并发布").click()
    expect(page.locator(".messagelist")).to_contain_text("已发布，索引号：")

    citizen = open_page("phone")
    citizen.goto(f"/items/{item.pk}/")
    expect(citizen.locator("main")).to_contain_text("35*************234")
    expect(citizen.locator("main")).to_contain_text("138****5678")
    assert ID not in citizen.content()


def test_the_office_screens_what_is_already_published(open_page, demo):
    make_item(
        demo["舒城县教育体育局"],
        "2019年学生资助名单",
        directory_name="教育",
        body=f"<p>李四，身份证号{ID}，家长手机13912345678。</p>",
    )
    page = open_page("desktop")
    log_in(page, "gongkaiban")
    page.goto("/admin/catalog/item/")
    page.get_by_role("link", name="个人信息筛查").click()
    report = page.locator("#privacy-report")
    expect(report).to_contain_text("2019年学生资助名单")
    expect(report).to_contain_text("35*************234")
    expect(report).to_contain_text("舒城县教育体育局")
    assert ID not in page.content()
    assert_accessible(page)
    page.screenshot(path=ARTIFACTS / "privacy-screening-page.png", full_page=True)
