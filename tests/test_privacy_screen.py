"""The privacy screen (catalog/privacy.py, catalog/screening.py): what it finds, how it masks,
and that nothing with an unmasked 身份证号, phone, bank card or e-mail address is published
from the admin, the import or a correction without a 审核人's recorded acceptance."""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from catalog import privacy
from catalog.models import Attachment, Item, ItemEvent, PersonalDataAcceptance
from organisation.roles import DISCLOSURE_OFFICE, INFORMATION_OFFICER, REVIEWER

from .items import CORRECTION_FIELDS, CORRECTION_REVIEW, cleared, new_item
from .privacy_files import bank_card, docx_bytes, id_number, pdf_bytes, upload, xlsx_bytes
from .public_catalog import make_item

pytestmark = pytest.mark.django_db

ID = id_number()  # 350102199003071234
CARD = bank_card()
K = privacy.Kind


@pytest.mark.parametrize(
    "text, found",
    [
        (f"身份证号{ID}，", [(K.ID_CARD, ID)]),
        ("身份证号11010519491231002x。", [(K.ID_CARD, "11010519491231002x")]),
        ("旧证110105491231002", [(K.ID_CARD, "110105491231002")]),
        ("校验位错误350102199003071235", []),
        ("出生日期不存在350102199002301234", []),
        (
            "手机13812345678、+86 139-1234-5678",
            [(K.MOBILE, "13812345678"), (K.MOBILE, "+86 139-1234-5678")],
        ),
        (
            "电话0564-8622000，（010）62345678",
            [(K.LANDLINE, "0564-8622000"), (K.LANDLINE, "（010）62345678")],
        ),
        (f"卡号{CARD}", [(K.BANK_CARD, CARD)]),
        ("卡号6222021234567890121", []),  # Luhn fails
        ("邮箱zhang.san@example.com。", [(K.EMAIL, "zhang.san@example.com")]),
        # Codes of agencies and documents are not personal data:
        ("统一社会信用代码11341523000000012X", []),
        ("索引号113415230000000012/2025-00001", []),
        ("/reports/113415230000001522/2025/", []),
        ("舒财〔2025〕12号，2025年3月3日，金额1234567.89元", []),
    ],
)
def test_find(text, found):
    assert [(hit.kind, hit.value) for hit in privacy.find(text)] == found


@pytest.mark.parametrize(
    "kind, value, masked",
    [
        (K.ID_CARD, ID, "35*************234"),
        (K.ID_CARD, "110105491231002", "11**********002"),
        (K.MOBILE, "13812341234", "138****1234"),
        (K.MOBILE, "+86 138-1234-5678", "+86 138-****-5678"),
        (K.LANDLINE, "0564-8622000", "0564-****000"),
        (K.LANDLINE, "010-62345678", "010-****5678"),
        (K.BANK_CARD, CARD, "6222***********" + CARD[-4:]),
        (K.EMAIL, "zhang.san@example.com", "z***@example.com"),
    ],
)
def test_mask_in_the_national_style(kind, value, masked):
    assert privacy.mask_value(kind, value) == masked


def test_masked_text_has_nothing_left_to_find():
    text = f"张三 {ID} 13812345678 0564-8622000 {CARD} zhang@example.com"
    assert privacy.find(privacy.mask(text)) == []


# --- the admin ------------------------------------------------------------------------------


@pytest.fixture
def people(make_staff, county, agency_a):
    return {
        "drafter": make_staff("drafter", [INFORMATION_OFFICER], [agency_a]),
        "reviewer": make_staff("reviewer", [REVIEWER], [agency_a]),
        "office": make_staff("office", [DISCLOSURE_OFFICE], [county]),
    }


def pending(agency, people, **fields):
    """Submitted, and through 保密审查: only the privacy screen stands between it and publishing."""
    item = new_item(agency, people["drafter"], **fields)
    item.submit(people["drafter"])
    cleared(item, people["reviewer"])
    return item


def change_url(item):
    return reverse("admin:catalog_item_change", args=[item.pk])


def publish(client, item):
    url = reverse("admin:catalog_item_workflow", args=[item.pk, "publish"])
    return client.post(url, follow=True)


PERSONAL_BODY = (
    f"<p>低保对象：张三，身份证号{ID}，联系电话13812345678。</p><p>咨询电话：0564-8627111</p>"
)


def test_publish_is_blocked_with_the_places_shown(client, agency_a, people):
    item = pending(agency_a, people, body=PERSONAL_BODY)
    client.force_login(people["reviewer"])
    response = publish(client, item)
    item.refresh_from_db()
    assert item.status == Item.Status.PENDING
    assert not item.index_number
    text = response.text
    assert "发现未遮盖的个人信息，不能发布" in text
    assert "正文：身份证号 35*************234" in text
    assert "138****5678" in text
    assert text.count(ID) == 1  # in the body's own form field only: the panel shows masked values
    panel = response.context["privacy"]["result"]
    assert [value.kind for value in panel.blocking] == [K.ID_CARD, K.MOBILE, K.LANDLINE]


def test_one_click_masks_the_body_then_publishing_works(client, agency_a, people):
    item = pending(agency_a, people, body=PERSONAL_BODY, title=f"张三（{ID}）的低保公示")
    client.force_login(people["reviewer"])
    response = client.post(reverse("admin:catalog_item_privacy_mask", args=[item.pk]), follow=True)
    assert "已按规范遮盖 4 处个人信息" in response.text
    item.refresh_from_db()
    assert item.title == "张三（35*************234）的低保公示"
    assert "35*************234" in item.body and "138****5678" in item.body
    assert "0564-****111" in item.body
    assert item.events.filter(action=ItemEvent.Action.MASKED).exists()
    publish(client, item)
    item.refresh_from_db()
    assert item.status == Item.Status.PUBLISHED
    page = client.get(item.get_absolute_url()).text
    assert ID not in page and "13812345678" not in page


def test_an_accepted_value_is_published_and_the_acceptance_is_on_record(client, agency_a, people):
    item = pending(agency_a, people, body="<p>咨询电话：0564-8627111</p>")
    client.force_login(people["reviewer"])
    digest = privacy.value_digest(K.LANDLINE, "0564-8627111")
    accept = reverse("admin:catalog_item_privacy_accept", args=[item.pk])
    response = client.post(accept, {"digest": digest, "reason": " "}, follow=True)
    assert "请填写可以公开的理由" in response.text
    assert not PersonalDataAcceptance.objects.exists()
    response = client.post(accept, {"digest": digest, "reason": "本机关办公电话"}, follow=True)
    assert "已确认可以公开：固定电话 0564-****111" in response.text
    acceptance = PersonalDataAcceptance.objects.get()
    assert (acceptance.accepted_by, acceptance.reason, acceptance.places) == (
        people["reviewer"],
        "本机关办公电话",
        "正文",
    )
    assert "8627111" not in acceptance.masked  # the table keeps no personal data itself
    event = item.events.get(action=ItemEvent.Action.PRIVACY_ACCEPTED)
    assert "本机关办公电话" in event.note and event.user == people["reviewer"]
    publish(client, item)
    item.refresh_from_db()
    assert item.status == Item.Status.PUBLISHED
    assert "0564-8627111" in client.get(item.get_absolute_url()).text


def test_a_drafter_can_mask_but_not_accept(client, agency_a, people):
    item = new_item(agency_a, people["drafter"], body=PERSONAL_BODY)
    client.force_login(people["drafter"])
    page = client.get(change_url(item))
    assert "一键遮盖" in page.text and 'value="确认可以公开"' not in page.text
    digest = privacy.value_digest(K.LANDLINE, "0564-8627111")
    client.post(
        reverse("admin:catalog_item_privacy_accept", args=[item.pk]),
        {"digest": digest, "reason": "办公电话"},
    )
    assert not PersonalDataAcceptance.objects.exists()
    client.post(reverse("admin:catalog_item_privacy_mask", args=[item.pk]))
    item.refresh_from_db()
    assert privacy.find(item.body) == []


def test_bulk_publish_skips_items_with_personal_data(client, agency_a, people):
    clean = pending(agency_a, people, title="干净的通知")
    dirty = pending(agency_a, people, title="含身份证号的公示", body=PERSONAL_BODY)
    client.force_login(people["reviewer"])
    response = client.post(
        reverse("admin:catalog_item_changelist"),
        {"action": "publish_selected", "_selected_action": [clean.pk, dirty.pk]},
        follow=True,
    )
    assert "成功 1 条" in response.text
    assert "“含身份证号的公示”：发现未遮盖的个人信息" in response.text
    assert Item.objects.get(pk=dirty.pk).status == Item.Status.PENDING


def test_a_body_of_an_on_request_item_is_not_screened(agency_a, people):
    """依申请公开: the public sees the catalogue entry only (catalog/publicity.py)."""
    item = pending(agency_a, people, body=PERSONAL_BODY, mode=Item.Mode.ON_REQUEST)
    item.publish(people["reviewer"])
    assert Item.objects.get(pk=item.pk).status == Item.Status.PUBLISHED


# --- attachments ----------------------------------------------------------------------------


def attach(item, name, content):
    return Attachment.objects.create(item=item, file=ContentFile(content, name=name), name=name)


@pytest.mark.parametrize(
    "name, content, place",
    [
        ("名单.pdf", lambda number: pdf_bytes([f"Zhang San {number}"]), "第1页"),
        ("名单.docx", lambda number: docx_bytes(["姓名：张三", f"身份证号：{number}"]), "第2段"),
        (
            "名单.xlsx",
            lambda number: xlsx_bytes([["姓名", "身份证号"], ["张三", number]]),
            "名单!B2",
        ),
    ],
)
def test_an_attachment_with_personal_data_must_be_replaced(
    client, agency_a, people, name, content, place
):
    item = pending(agency_a, people)
    attachment = attach(item, name, content(ID))
    client.force_login(people["reviewer"])
    response = publish(client, item)
    assert f"附件《{name}》{place}：身份证号 35*************234" in response.text
    # Masking the texts does not touch a file: the button is not even offered.
    assert not response.context["privacy"]["can_mask"]
    assert Item.objects.get(pk=item.pk).status == Item.Status.PENDING
    attachment.delete()
    attach(
        item,
        name.replace("名单", "名单（已遮盖）"),
        content("35*************234"),
    )
    publish(client, item)
    assert Item.objects.get(pk=item.pk).status == Item.Status.PUBLISHED


def test_an_unreadable_attachment_needs_a_check_by_hand(client, agency_a, people):
    png = b"\x89PNG\r\n\x1a\n" + b"\0" * 64
    item = pending(agency_a, people)
    attach(item, "公示照片.png", png)
    client.force_login(people["reviewer"])
    response = publish(client, item)
    assert "附件《公示照片.png》：无法自动筛查的附件" in response.text
    value = response.context["privacy"]["result"].blocking[0]
    client.post(
        reverse("admin:catalog_item_privacy_accept", args=[item.pk]),
        {"digest": value.digest, "reason": "已人工核对，照片中没有个人信息"},
    )
    publish(client, item)
    assert Item.objects.get(pk=item.pk).status == Item.Status.PUBLISHED


def test_a_correction_cannot_add_personal_data(agency_a, people):
    item = pending(agency_a, people)
    item.publish(people["reviewer"])
    item.body = PERSONAL_BODY
    with pytest.raises(Exception, match="发现未遮盖的个人信息"):
        item.correct(people["reviewer"], "补充名单", review=CORRECTION_REVIEW)
    assert privacy.find(Item.objects.get(pk=item.pk).body) == []


def test_a_file_added_to_a_published_item_is_screened_on_upload(client, agency_a, people):
    from .test_catalog_admin import form_data

    item = pending(agency_a, people)
    item.publish(people["reviewer"])
    client.force_login(people["reviewer"])
    data = form_data(client, change_url(item), correction_note="补充名单", **CORRECTION_FIELDS)
    data["attachments-0-file"] = upload("名单.xlsx", xlsx_bytes([["张三", ID]]))
    response = client.post(change_url(item), data)
    assert response.status_code == 200
    assert "文件含有个人信息（名单!B1：身份证号 35*************234）" in response.text
    assert not item.attachments.exists()


# --- the import -----------------------------------------------------------------------------

HEADER = [
    "发布机构",
    "名称",
    "目录",
    "成文日期",
    "发布日期",
    "内容概述",
    "正文",
    "个人信息公开理由",
]
BUDGET = "法定主动公开内容/财政预决算/部门预算"


def import_rows(agency, *rows):
    return [HEADER] + [
        [agency.credit_code, title, BUDGET, datetime.date(2024, 2, 1), datetime.date(2024, 2, 20), summary, body, reason]
        for title, summary, body, reason in rows
    ]  # fmt: skip


def test_import_reports_each_hit_by_row_and_column(client, make_xlsx, agency_a, people):
    client.force_login(people["reviewer"])
    rows = import_rows(
        agency_a,
        ("2024年低保名单", "", f"张三 {ID}", ""),
        ("联系方式", "电话 13812345678", "", ""),
    )
    path = make_xlsx(rows)
    response = client.post(
        reverse("admin:catalog_item_import"), {"file": upload(path.name, path.read_bytes())}
    )
    problems = [str(problem) for problem in response.context["plan"].problems]
    assert problems[0].startswith("第2行「正文」：含有身份证号 35*************234")
    assert problems[1].startswith("第3行「内容概述」：含有手机号码 138****5678")
    assert ID not in response.text
    assert not Item.objects.exists()


def test_import_records_the_importers_acceptance(client, make_xlsx, agency_a, people):
    client.force_login(people["reviewer"])
    path = make_xlsx(
        import_rows(agency_a, ("办事指南", "", "咨询电话 0564-8627111", "本机关办公电话"))
    )
    response = client.post(
        reverse("admin:catalog_item_import"), {"file": upload(path.name, path.read_bytes())}
    )
    client.post(
        reverse("admin:catalog_item_import_confirm"), {"digest": response.context["digest"]}
    )
    item = Item.objects.get()
    acceptance = item.privacy_acceptances.get()
    assert (acceptance.reason, acceptance.accepted_by) == ("本机关办公电话", people["reviewer"])
    assert item.events.filter(action=ItemEvent.Action.PRIVACY_ACCEPTED).exists()


# --- the 公开办's screening page --------------------------------------------------------------


def test_the_office_screens_everything_published_below_it(client, agency_a, agency_b, people):
    # Published before the screen existed (or by a bulk load): found now.
    old = make_item(agency_a, "2019年救助对象公示", body=f"<p>李四 {ID}</p>")
    make_item(agency_b, "干净的通知", body="<p>无</p>")
    client.force_login(people["reviewer"])  # a 审核人 is not the 公开办
    assert client.get(reverse("admin:catalog_item_privacy")).status_code == 403
    client.force_login(people["office"])
    assert "个人信息筛查" in client.get(reverse("admin:catalog_item_changelist")).text
    response = client.get(reverse("admin:catalog_item_privacy"))
    assert response.status_code == 200
    assert response.context["screened"] == 2
    assert [item for item, _ in response.context["found"]] == [old]
    assert "35*************234" in response.text and ID not in response.text


def test_the_context_shown_to_staff_masks_the_neighbours_too():
    text = f"张三，身份证号{ID}，联系电话13812345678。"
    contexts = [context for _, context in privacy.in_context(text)]
    assert contexts == [
        "…张三，身份证号35*************234，联系电话138****…",
        "…****234，联系电话138****5678。…",
    ]


def test_numbers_in_adjacent_paragraphs_do_not_run_into_one(agency_a, people):
    item = pending(agency_a, people, body="<p>13812345678</p><p>0564-8627111</p>")
    from catalog.screening import screen

    assert [value.kind for value in screen(item).values] == [K.MOBILE, K.LANDLINE]


def test_an_agencys_own_published_contacts_pass(client, agency_a, people):
    """条例第十二条: every guide page shows them; they are no one's personal data."""
    agency_a.phone, agency_a.email = "0564-8623456", "gkb@shucheng.example.gov.cn"
    agency_a.save()
    body = "<p>咨询电话：0564-8623456，邮箱 gkb@shucheng.example.gov.cn</p>"
    item = pending(agency_a, people, body=body)
    client.force_login(people["reviewer"])
    page = client.get(change_url(item))
    assert "机关公开的联系方式" in page.text
    publish(client, item)
    assert Item.objects.get(pk=item.pk).status == Item.Status.PUBLISHED


def test_a_correction_in_the_admin_shows_the_hit_on_its_field(client, agency_a, people):
    from .test_catalog_admin import form_data

    item = pending(agency_a, people)
    item.publish(people["reviewer"])
    client.force_login(people["reviewer"])
    data = form_data(
        client, change_url(item), correction_note="补充", body=PERSONAL_BODY, **CORRECTION_FIELDS
    )
    response = client.post(change_url(item), data)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors["body"]
    assert errors[0].startswith("含有未遮盖的身份证号 35*************234")
    assert privacy.find(Item.objects.get(pk=item.pk).body) == []
