"""A 信息员 drafts an item in the admin (typing into the 正文 editor and pasting from Word), a
审核人 of the same agency previews the public page and publishes it, and the public sees it
under its new 索引号."""

import re

from playwright.sync_api import expect

from .checks import assert_accessible
from .conftest import log_in

TITLE = "舒城县财政局关于2025年政府采购意向公开的通知"
# What Word puts on the clipboard, trimmed: its own classes, styles and <o:p> tags.
WORD_HTML = (
    '<p class="MsoNormal" style="mso-line-height-rule:exactly"><b>一、采购项目</b><o:p></o:p></p>'
    '<table class="MsoTableGrid" border="1"><tr><td><p class="MsoNormal">项目</p></td>'
    '<td><p class="MsoNormal">预算（万元）</p></td></tr>'
    '<tr><td><p class="MsoNormal">办公设备</p></td><td><p class="MsoNormal">12</p></td></tr></table>'
)


def paste_html(page, target, html):
    """Paste `html` into `target` as a browser does from the clipboard (a paste event)."""
    target.evaluate(
        """(el, html) => {
            const data = new DataTransfer();
            data.setData("text/html", html);
            el.dispatchEvent(new ClipboardEvent("paste", {clipboardData: data, bubbles: true}));
        }""",
        html,
    )


def test_drafter_writes_reviewer_publishes_citizen_reads(open_page, demo):
    drafter = open_page("desktop")
    log_in(drafter, "czj_xinxiyuan")
    drafter.goto("/admin/catalog/item/add/")
    drafter.locator("#id_title").fill(TITLE)
    drafter.locator("#id_agency").select_option(label="舒城县财政局")
    directory = drafter.locator("#id_directory option", has_text="政策文件").first
    drafter.locator("#id_directory").select_option(directory.get_attribute("value"))
    drafter.locator("#id_document_number").fill("舒财〔2025〕31号")
    drafter.locator("#id_written_on").fill("2025-11-03")
    drafter.locator("#id_summary").fill("公开2025年政府采购意向。")
    body = drafter.get_by_role("textbox", name="正文")
    body.click()
    drafter.keyboard.type("现将2025年政府采购意向公开如下。")
    drafter.keyboard.press("Enter")
    drafter.keyboard.type("联系人：县财政局预算股。")
    drafter.keyboard.press("Enter")
    paste_html(drafter, body, WORD_HTML)
    assert_accessible(drafter)
    drafter.get_by_role("button", name="保存并提交审核").click()
    expect(drafter.locator(".messagelist")).to_contain_text("提交审核")

    reviewer = open_page("desktop")
    log_in(reviewer, "czj_shenhe")
    reviewer.goto("/admin/catalog/item/")
    reviewer.get_by_role("link", name=TITLE).click()
    expect(reviewer.locator("#workflow")).to_contain_text("待审核")
    with reviewer.context.expect_page() as opened:
        reviewer.get_by_role("link", name="预览公开页面").click()
    preview = opened.value
    preview.wait_for_load_state()
    expect(preview.locator(".notice-preview")).to_contain_text("预览：本页尚未公开")
    paragraphs = preview.locator(".item-body > p")
    expect(paragraphs.nth(0)).to_have_text("现将2025年政府采购意向公开如下。")
    expect(paragraphs.nth(1)).to_have_text("联系人：县财政局预算股。")
    expect(preview.locator(".item-body strong")).to_have_text("一、采购项目")
    expect(preview.locator(".item-body table td").nth(3)).to_have_text("12")
    assert "Mso" not in preview.locator(".item-body").inner_html()
    assert_accessible(preview)
    preview.close()
    expect(reviewer.locator("#workflow")).to_contain_text("保密审查：尚未审查")
    # 条例第十七条: the 保密审查 is recorded before publication.
    reviewer.get_by_role("link", name="保密审查…").click()
    reviewer.get_by_label("不涉及国家秘密和工作秘密，可以公开").check()
    reviewer.get_by_label("审查依据").fill("经核对本机关保密事项范围，不涉密")
    reviewer.get_by_role("button", name="保密审查").click()
    expect(reviewer.locator(".messagelist")).to_contain_text("已记录保密审查")
    reviewer.get_by_role("button", name="审核通过并发布").click()
    message = reviewer.locator(".messagelist")
    expect(message).to_contain_text("已发布，索引号：")
    index_number = re.search(r"索引号：(\S+?)。", message.inner_text()).group(1)

    citizen = open_page("phone")
    citizen.goto("/search/?q=政府采购意向")
    citizen.get_by_role("link", name=TITLE).click()
    expect(citizen.get_by_role("heading", level=1)).to_contain_text(TITLE)
    expect(citizen.locator("main")).to_contain_text(index_number)
    expect(citizen.locator("main")).to_contain_text("舒财〔2025〕31号")
    assert_accessible(citizen)
