"""The online request form (条例第二十九条) and its receipt, through the test client."""

import re

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from catalog.models import Item
from requests_app.models import Request, RequestAttachment
from requests_app.public_views import RECEIPT_SESSION_KEY
from tests.applying import PERSON, VALID_ID, form_url, submit
from tests.conftest import make_credit_code
from tests.public_catalog import make_item

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def receipt_of(response, client):
    """Follow the POST-redirect-GET to the receipt page; return its HTML."""
    assert response.status_code == 302, response.content.decode()[:2000]
    assert response["Location"] == "/apply/receipt/"
    return client.get("/apply/receipt/").content.decode()


def number_and_code(html):
    number = re.search(r"<dt>申请编号</dt><dd>([^<]+)</dd>", html).group(1)
    code = re.search(r'<dd class="query-code">([^<]+)</dd>', html).group(1)
    return number, code


def test_header_and_catalog_link_to_the_form(client, agency_a):
    home = client.get("/").content.decode()
    assert '<a href="/apply/">依申请公开</a>' in home
    item = make_item(agency_a, "依申请公开的信息", mode=Item.Mode.ON_REQUEST)
    assert 'href="/apply/"' in client.get(item.get_absolute_url()).content.decode()
    guide = client.get(f"/agencies/{agency_a.credit_code}/guide/").content.decode()
    assert 'href="/apply/">本平台在线申请' in guide


def test_apply_lists_every_agency_and_the_select_goes_to_its_form(client, agency_a, agency_b):
    page = client.get("/apply/").content.decode()
    for agency in (agency_a, agency_b, agency_a.parent):
        assert f'href="/apply/{agency.credit_code}/"' in page
    response = client.get("/apply/", {"code": agency_b.credit_code})
    assert response.status_code == 302 and response["Location"] == form_url(agency_b)
    assert client.get("/apply/", {"code": "nonsense"}).status_code == 200
    assert client.get(f"/apply/{make_credit_code()}/").status_code == 404


def test_form_asks_exactly_what_article_29_asks(client, agency_a):
    page = client.get(form_url(agency_a)).content.decode()
    for label in [
        "自然人",
        "法人或其他组织",
        "商业企业",
        "科研机构",
        "社会公益组织",
        "法律服务机构",
        "姓名或名称",
        "证件类型",
        "证件号码",
        "联系电话",
        "电子邮箱",
        "通信地址",
        "所需政府信息的名称或内容描述",
        "文号（如知道）",
        "纸质",
        "电子",
        "邮寄",
        "当面领取",
        "现场查阅、抄录",
        "附件（可选）",
        "验证码",
    ]:
        assert label in page, label
    assert "无需说明申请用途" in page and "用途" not in re.sub(r"无需说明申请用途", "", page)
    assert "条例第四十三条" in page and "阅读困难或者视听障碍" in page
    assert 'enctype="multipart/form-data"' in page


def test_applicant_files_a_request_and_sees_number_and_code_once(client, agency_a):
    response = submit(client, agency_a, description="2025年城关镇财政预算执行情况")
    assert "2025" not in response["Location"]  # nothing about the request in the URL
    html = receipt_of(response, client)
    number, code = number_and_code(html)
    request = Request.objects.get()
    assert request.number == number and request.agency == agency_a
    assert request.check_code(code)
    assert Request.objects.get_by_number_and_code(number, code) == request
    assert request.channel == Request.Channel.ONLINE
    assert request.status == Request.Status.SUBMITTED
    assert (request.applicant_kind, request.applicant_name, request.id_number) == (
        Request.ApplicantKind.PERSON,
        "王小明",
        VALID_ID,
    )
    assert (request.form_wanted, request.delivery) == ("electronic", "email")
    assert request.submission_key and len(request.submission_key) == 64
    assert "请立即记下或打印申请编号和查询码" in html and "条例》第三十一条" in html
    assert request.received_on.strftime("%Y年%-m月%-d日") in html
    # The session flag is used up: the receipt cannot be opened again, by anyone.
    again = client.get("/apply/receipt/").content.decode()
    assert number not in again and code not in again and "只在提交后显示一次" in again
    assert RECEIPT_SESSION_KEY not in client.session


def test_receipt_is_e_mailed_after_commit(client, agency_a, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = submit(client, agency_a)
    assert len(callbacks) == 1
    number, code = number_and_code(receipt_of(response, client))
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["wangxm@example.com"] and number in message.subject
    assert number in message.body and code in message.body
    assert "http://testserver/track/" in message.body


def test_no_e_mail_without_an_address(client, agency_a, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        submit(client, agency_a, email="", delivery="post")
    assert Request.objects.count() == 1 and mail.outbox == []


def test_a_failing_mail_server_does_not_lose_the_request(client, agency_a, settings):
    settings.EMAIL_BACKEND = "tests.test_apply_form.BrokenMail"
    response = submit(client, agency_a)
    assert response.status_code == 302 and Request.objects.count() == 1


class BrokenMail:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("mail server down for wangxm@example.com")


def test_an_organisation_applies_with_its_credit_code(client, agency_a):
    code = make_credit_code(seed=424242).replace("11", "91", 1)
    from organisation.credit_code import check_character

    code = code[:17] + check_character(code[:17])
    response = submit(
        client,
        agency_a,
        applicant_category="organisation",
        organisation_type="legal_service",
        applicant_name="安徽某某律师事务所",
        id_type="credit_code",
        id_number=code.lower(),
        contact_person="李律师",
    )
    receipt_of(response, client)
    request = Request.objects.get()
    assert request.applicant_kind == Request.ApplicantKind.LEGAL_SERVICE
    assert request.id_type == "credit_code" and request.id_number == code
    assert request.contact_person == "李律师"


@pytest.mark.parametrize(
    "fields, message",
    [
        ({"applicant_name": ""}, "请填写申请人姓名或名称。"),
        ({"id_number": ""}, "请填写证件号码（身份证明）。"),
        ({"id_number": "341523198512010025"}, "居民身份证号码校验位错误"),
        ({"id_number": "341523198513010024"}, "出生日期无效"),
        ({"id_number": "3415231985120"}, "居民身份证号码应为18位，当前为13位"),
        ({"id_number": "341523851201002"}, "15位身份证号码已停止使用"),
        ({"phone": ""}, "请填写联系电话。"),
        ({"phone": "打电话给我"}, "请填写正确的电话号码"),
        ({"email": "not-an-address"}, "有效"),
        ({"postcode": "23130"}, "邮政编码应为6位数字。"),
        ({"description": ""}, "请描述所需的政府信息"),
        ({"description": "字" * 2001}, "2000"),
        ({"delivery": "post", "address": ""}, "选择邮寄时，请填写通信地址。"),
        ({"delivery": "email", "email": ""}, "选择电子邮件获取信息时，请填写电子邮箱。"),
        ({"form_wanted": "paper", "delivery": "email"}, "纸质信息不能通过电子邮件提供"),
        ({"id_type": "credit_code"}, "自然人请选择身份证件类型"),
        ({"applicant_category": "organisation"}, "请选择组织类型。"),
        (
            {"applicant_category": "organisation", "organisation_type": "business"},
            "法人或其他组织请选择统一社会信用代码",
        ),
        (
            {
                "applicant_category": "organisation",
                "organisation_type": "business",
                "id_type": "credit_code",
                "id_number": "91341523MA2N0000X0",
                "contact_person": "张经理",
            },
            "统一社会信用代码校验位错误",
        ),
        ({"form_wanted": "hologram"}, "选择一个有效的选项"),
    ],
)
def test_bad_input_gets_a_chinese_error_and_keeps_what_was_typed(client, agency_a, fields, message):
    response = submit(client, agency_a, **fields)
    page = response.content.decode()
    assert response.status_code == 400
    assert message in page, page[page.find("error-summary") :][:1500]
    assert "申请未提交，请修改以下内容" in page
    assert Request.objects.count() == 0
    kept = {**PERSON, **fields}
    for name in ("applicant_name", "phone", "address"):
        if kept[name]:
            assert f'value="{kept[name]}"' in page
    if kept["description"] and len(kept["description"]) < 100:
        assert kept["description"] in page
    # The captcha is new and empty; the same form token is kept for the next try.
    assert 'name="captcha_1"' in page and 'name="captcha_1" value' not in page


def test_attachments_are_saved_privately(client, agency_a):
    upload = SimpleUploadedFile("身份证.pdf", PDF, "application/pdf")
    receipt_of(submit(client, agency_a, files=[upload]), client)
    attachment = RequestAttachment.objects.get()
    assert attachment.name == "身份证.pdf" and attachment.content_type == "application/pdf"
    assert attachment.source == RequestAttachment.Source.APPLICANT
    assert "/media/" not in attachment.file.path


def test_bad_attachments_are_refused_and_must_be_chosen_again(client, agency_a):
    fake = SimpleUploadedFile("id.pdf", b"MZ\x90\x00 not a pdf", "application/pdf")
    response = submit(client, agency_a, files=[fake])
    page = response.content.decode()
    assert response.status_code == 400
    assert "格式不受支持" in page and "请重新选择附件" in page
    assert 'value="王小明"' in page
    too_many = [SimpleUploadedFile(f"p{i}.pdf", PDF, "application/pdf") for i in range(6)]
    page = submit(client, agency_a, files=too_many).content.decode()
    assert "最多上传5个附件。" in page
    assert Request.objects.count() == 0 and RequestAttachment.objects.count() == 0


def test_refresh_without_javascript_keeps_everything_typed(client, agency_a):
    from tests.applying import fresh_form

    data = {**PERSON, **fresh_form(client, agency_a), "refresh_captcha": "1"}
    data["applicant_name"] = "赵六"
    response = client.post(form_url(agency_a), data)
    page = response.content.decode()
    assert response.status_code == 200 and "申请未提交" not in page
    assert 'value="赵六"' in page and PERSON["description"] in page
    assert f'value="{data["form_token"]}"' in page
    assert f'value="{data["captcha_0"]}"' not in page  # a new challenge
    assert Request.objects.count() == 0


def test_a_form_without_its_token_is_shown_again_with_a_new_one(client, agency_a):
    response = submit(client, agency_a, form_token="forged")
    page = response.content.decode()
    assert response.status_code == 400 and "页面已失效" in page
    assert 'value="王小明"' in page and 'value="forged"' not in page
    assert Request.objects.count() == 0


def test_a_fresh_form_reuses_its_field_markup_but_never_the_captcha_or_token(client, agency_a):
    """A fresh form's field groups are rendered once per process (public_forms.FieldGroups):
    the markup of rendering them again, with a new challenge and token on every page."""
    from requests_app.public_forms import ApplyForm, FieldGroups

    FieldGroups._fresh.clear()
    first = client.get(form_url(agency_a)).text
    assert FieldGroups._fresh
    second = client.get(form_url(agency_a)).text  # built from the kept groups
    hidden = r'name="(?:captcha_0|form_token)" value="([^"]+)"'
    keys = [re.findall(hidden, page) for page in (first, second)]
    assert len(keys[0]) == 2 and not set(keys[0]) & set(keys[1])
    for name in ("applicant_category", "id_type", "description", "notify_by", "captcha"):
        group = str(FieldGroups._render(ApplyForm()[name]))
        assert (group in second) == (name != "captcha"), name
    # A form shown again (with errors, everything typed kept) is rendered afresh.
    response = submit(client, agency_a, description="", applicant_name="张<三>")
    assert response.status_code == 400
    assert "请描述所需的政府信息" in response.text and 'value="张&lt;三&gt;"' in response.text
