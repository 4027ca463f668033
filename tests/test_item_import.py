"""Importing published items from XLSX: all or nothing, every problem by row and column, idempotent."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from catalog.models import Item, ItemEvent
from organisation.roles import INFORMATION_OFFICER, REVIEWER

from .items import cleared, new_item

pytestmark = pytest.mark.django_db

HEADER = ["发布机构", "索引号", "名称", "目录", "文号", "成文日期", "发布日期", "体裁", "有效性",
          "废止或失效日期", "正文", "公开渠道", "主题词"]  # fmt: skip
BUDGET = "法定主动公开内容/财政预决算/部门预算"
NORMATIVE = "法定主动公开内容/政策文件/行政规范性文件"


def rows_for(agency):
    code = agency.credit_code
    return [
        HEADER,
        [code, "", "舒城县财政局2024年部门预算", BUDGET, "", datetime.date(2024, 2, 1),
         datetime.date(2024, 2, 20), "其他", "", "", "一、部门职责\n二、预算收支", "政府网站、政务微信", "预算"],
        [agency.name, f"{code}/2023-00007", "舒城县财政性资金管理办法", NORMATIVE, "舒财〔2023〕12号",
         "2023-05-04", "2023-06-30", "行政规范性文件", "废止", "2025-01-01", "<p>第一条</p>", "", ""],
        [],  # blank rows are skipped
        [code, "", "关于2024年“三公”经费决算的说明", "法定主动公开内容／财政预决算／“三公”经费", "舒财〔2024〕3号",
         "2024-08-01", "2024-09-02", "通知", "", "", "", "", ""],
    ]  # fmt: skip


def run(path, *args):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_items", str(path), *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_command_imports_published_items_and_is_idempotent(make_xlsx, agency_a):
    path = make_xlsx(rows_for(agency_a))
    out, _ = run(path)
    assert "新增 3 条" in out
    budget = Item.objects.get(title="舒城县财政局2024年部门预算")
    assert budget.status == Item.Status.PUBLISHED
    assert budget.published_at.date() == datetime.date(2024, 2, 20)
    assert budget.index_number == f"{agency_a.credit_code}/2024-00001"
    assert budget.body == "<p>一、部门职责</p><p>二、预算收支</p>"
    assert sorted(budget.channels.values_list("name", flat=True)) == ["政务微信", "政府网站"]
    assert budget.directory.name == "部门预算"
    assert budget.events.get().action == ItemEvent.Action.IMPORTED
    assert budget.workdays_to_publish == 10  # 2024: 春节 10–17 Feb off, Sun 4 and 18 Feb worked
    kept = Item.objects.get(title="舒城县财政性资金管理办法")
    assert kept.index_number == f"{agency_a.credit_code}/2023-00007"
    assert kept.validity == Item.Validity.REPEALED
    assert kept.invalid_on == datetime.date(2025, 1, 1)
    assert Item.objects.get(document_number="舒财〔2024〕3号").index_serial == 2

    out, _ = run(path)
    assert "新增 0 条，已存在跳过 3 条" in out
    assert Item.objects.count() == 3


def test_dry_run_writes_nothing(make_xlsx, agency_a):
    out, _ = run(make_xlsx(rows_for(agency_a)), "--dry-run")
    assert "试运行" in out and "新增 3 条" in out
    assert not Item.objects.exists()


def test_any_bad_row_imports_nothing_and_every_problem_is_listed(make_xlsx, agency_a, agency_b):
    code = agency_a.credit_code
    rows = rows_for(agency_a) + [
        ["不存在的机关", "", "标题", BUDGET, "", "2024-01-02", "2024-01-03", "", "", "", "", "", ""],
        [code, "", "", "法定主动公开内容/没有这个目录", "", "2024-13-01", "2024-01-03", "命令", "",
         "", "", "微博", ""],
        [code, "", "废止文件", NORMATIVE, "", "2024-01-05", "2024-01-03", "", "废止", "", "", "", ""],
        [code, f"{agency_b.credit_code}/2024-00001", "别人的索引号", BUDGET, "", "2024-01-02",
         "2024-01-03", "", "", "", "", "", ""],
        [code, "", "舒城县财政局2024年部门预算", BUDGET, "", "2024-02-01", "2024-02-20", "", "", "",
         "", "", ""],
    ]  # fmt: skip
    with pytest.raises(CommandError, match="未导入任何数据"):
        run(make_xlsx(rows))
    assert not Item.objects.exists()
    _, err = _problems(make_xlsx(rows))
    expected = [
        "第6行「发布机构」：「不存在的机关」不是您可以导入的机关",
        "第7行「名称」：不能为空",
        "第7行「目录」：找不到目录「法定主动公开内容/没有这个目录」",
        "第7行「成文日期」：「2024-13-01」不是有效日期",
        "第7行「体裁」：「命令」无效",
        "第7行「公开渠道」：「微博」不是公开渠道",
        "第8行「发布日期」：发布日期不能早于成文日期",
        "第8行「废止或失效日期」：有效性为“废止”时必须填写废止或失效日期",
        "第9行「索引号」：索引号的前缀应为发布机构的统一社会信用代码",
        "第10行「名称」：与第2行是同一条信息",
    ]
    for message in expected:
        assert message in err, message


def _problems(path):
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_items", str(path), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_imported_serials_are_not_handed_out_again(make_xlsx, make_staff, agency_a):
    today = timezone.localdate()
    code = agency_a.credit_code
    rows = [HEADER, [code, f"{code}/{today.year}-00007", "原平台第7号", BUDGET, "", today, today,
                     "", "", "", "", "", ""]]  # fmt: skip
    run(make_xlsx(rows))
    drafter = make_staff("d", [INFORMATION_OFFICER], [agency_a])
    reviewer = make_staff("r", [REVIEWER], [agency_a])
    item = new_item(agency_a, drafter)
    item.submit(drafter)
    cleared(item, reviewer).publish(reviewer)
    assert item.index_number == f"{code}/{today.year}-00008"


def test_script_in_an_imported_body_is_inert(make_xlsx, agency_a):
    rows = [HEADER, [agency_a.credit_code, "", "<script>alert(1)</script>标题", BUDGET, "",
                     "2024-01-02", "2024-01-03", "", "", "",
                     '<p onclick="x()">正文</p><script>alert(2)</script>', "", ""]]  # fmt: skip
    run(make_xlsx(rows))
    item = Item.objects.get()
    assert item.body == "<p>正文</p>"
    assert item.title == "<script>alert(1)</script>标题"  # plain text: escaped wherever shown


def test_public_pages_see_imported_items(client, make_xlsx, agency_a):
    run(make_xlsx(rows_for(agency_a)))
    item = Item.objects.get(title="舒城县财政局2024年部门预算")
    assert client.get(reverse("catalog:item", args=[item.pk])).status_code == 200


@pytest.fixture
def reviewer(make_staff, agency_a):
    return make_staff("a_reviewer", [REVIEWER], [agency_a])


def upload(path):
    return SimpleUploadedFile(path.name, path.read_bytes())


def test_admin_upload_preview_then_confirm(client, make_xlsx, reviewer, agency_a):
    client.force_login(reviewer)
    url = reverse("admin:catalog_item_import")
    assert "从Excel导入" in client.get(reverse("admin:catalog_item_changelist")).text
    response = client.post(url, {"file": upload(make_xlsx(rows_for(agency_a)))})
    assert "新增 <strong>3</strong> 条" in response.text
    assert not Item.objects.exists()
    digest = response.context["digest"]
    response = client.post(reverse("admin:catalog_item_import_confirm"), {"digest": digest})
    assert response.status_code == 302
    assert Item.objects.filter(status=Item.Status.PUBLISHED).count() == 3


def test_admin_import_is_limited_to_own_agencies(client, make_xlsx, reviewer, agency_b):
    client.force_login(reviewer)
    response = client.post(
        reverse("admin:catalog_item_import"), {"file": upload(make_xlsx(rows_for(agency_b)))}
    )
    assert "不是您可以导入的机关" in response.text
    assert "确认导入" not in response.text
    assert not Item.objects.exists()


def test_information_officer_cannot_import(client, make_staff, agency_a):
    client.force_login(make_staff("d", [INFORMATION_OFFICER], [agency_a]))
    assert client.get(reverse("admin:catalog_item_import")).status_code == 403
    assert "从Excel导入" not in client.get(reverse("admin:catalog_item_changelist")).text


def test_unreadable_file_gets_a_clear_message(client, reviewer):
    client.force_login(reviewer)
    bad = SimpleUploadedFile("x.xlsx", b"not a spreadsheet")
    response = client.post(reverse("admin:catalog_item_import"), {"file": bad})
    assert "不是 Excel（.xlsx）格式" in response.text
