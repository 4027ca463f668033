"""`manage.py import_agencies FILE.xlsx` (docs/spreadsheets.md §1): all or nothing, every problem, idempotent."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from catalog import demo
from organisation import demo as county_demo
from organisation.agency_import import COLUMNS, export_rows, import_agencies, template_workbook
from organisation.models import Agency
from organisation.roles import DISCLOSURE_OFFICE, SYSTEM_ADMIN
from spreadsheets.xlsx import CONTENT_TYPE, SheetError, read_sheet, workbook_bytes

from .conftest import make_credit_code

pytestmark = pytest.mark.django_db

HEADER = [
    "机关名称",
    "统一社会信用代码",
    "上级机关",
    "机关类型",
    "联系电话",
    "电子邮箱",
    "邮政编码",
]
COUNTY_CODE = make_credit_code(900001)
FINANCE_CODE = make_credit_code(900002)
TOWN_CODE = make_credit_code(900003)
OFFICE_CODE = make_credit_code(900004)


def good_rows():
    """A county whose children come before it in the file, and a township office named by name."""
    return [
        HEADER,
        [
            "庐江县财政局",
            FINANCE_CODE,
            COUNTY_CODE,
            "政府部门",
            "0565-7321001",
            "czj@example.gov.cn",
            231500,
        ],
        ["庐江县汤池镇党政办公室", OFFICE_CODE, "庐江县汤池镇人民政府", "其他", "", "", ""],
        ["庐江县汤池镇人民政府", TOWN_CODE, "庐江县人民政府", "乡镇街道", "", "", "231551"],
        ["庐江县人民政府", COUNTY_CODE, "", "人民政府", "0565-7321000", "", "231500"],
    ]


def run(path, *args):
    out, err = StringIO(), StringIO()
    call_command("import_agencies", str(path), *args, stdout=out, stderr=err)
    return out.getvalue()


def run_failing(path, *args):
    err = StringIO()
    with pytest.raises(CommandError) as error:
        call_command("import_agencies", str(path), *args, stdout=StringIO(), stderr=err)
    return str(error.value), err.getvalue()


def snapshot():
    return list(
        Agency.objects.order_by("pk").values_list(
            "name", "credit_code", "parent_id", "kind", "phone", "email", "postcode",
            "tree_id", "lft", "rght", "level", "updated_at",
        )
    )  # fmt: skip


def assert_tree_is_consistent():
    """Our layout must be exactly what django-mptt's own rebuild computes."""
    before = list(Agency.objects.order_by("pk").values_list("tree_id", "lft", "rght", "level"))
    Agency.objects.rebuild()
    assert before == list(
        Agency.objects.order_by("pk").values_list("tree_id", "lft", "rght", "level")
    )


def test_good_file_imports_with_parents_later_in_the_file(make_xlsx):
    output = run(make_xlsx(good_rows()))
    assert "导入完成：新增 4 个，更新 0 个，未变 0 个" in output
    county = Agency.objects.get(credit_code=COUNTY_CODE)
    assert county.kind == Agency.Kind.GOVERNMENT and county.is_root_node()
    office = Agency.objects.get(credit_code=OFFICE_CODE)
    assert [a.name for a in office.get_ancestors()] == ["庐江县人民政府", "庐江县汤池镇人民政府"]
    finance = Agency.objects.get(name="庐江县财政局")
    assert finance.parent == county
    assert (finance.phone, finance.email, finance.postcode) == (
        "0565-7321001",
        "czj@example.gov.cn",
        "231500",
    )
    # Siblings follow file order.
    assert [a.name for a in county.get_children()] == ["庐江县财政局", "庐江县汤池镇人民政府"]
    assert_tree_is_consistent()


def test_new_agencies_join_an_existing_tree_after_its_agencies(make_xlsx, county, agency_a):
    run(
        make_xlsx(
            [
                ["机关名称", "统一社会信用代码", "上级机关", "机关类型"],
                ["舒城县审计局", FINANCE_CODE, "舒城县人民政府", "政府部门"],
                ["舒城县审计局内审科", OFFICE_CODE, FINANCE_CODE, "其他"],
            ]
        )
    )
    assert [a.name for a in county.get_children()] == ["舒城县财政局", "舒城县审计局"]
    assert Agency.objects.get(credit_code=OFFICE_CODE).level == 2
    assert_tree_is_consistent()


def test_bad_file_lists_every_problem_and_writes_nothing(make_xlsx, county):
    before = snapshot()
    wrong_check = "X" if COUNTY_CODE[17] != "X" else "Y"
    code = [make_credit_code(800000 + n) for n in range(7)]
    path = make_xlsx(
        [
            ["备注", *HEADER],
            ["", "", COUNTY_CODE[:17] + wrong_check, "", "人民政府", "", "", ""],
            ["", "县一局", code[1], "", "局", "", "not-an-email", "2313"],
            ["", "县一局", code[2], "无此机关", "政府部门", "", "", ""],
            ["", "县二局", code[2], "", "政府部门", "", "", ""],
            ["", "舒城县人民政府", code[3], "", "人民政府", "", "", ""],
            ["", "甲", code[4], code[5], "其他", "", "", ""],
            ["", "乙", code[5], "甲", "其他", "", "", ""],
            ["", "丙", code[6], "丙", "其他", "", "", ""],
        ]
    )
    message, listing = run_failing(path)
    assert listing.splitlines() == [
        "第2行「机关名称」：不能为空",
        "第2行「统一社会信用代码」：统一社会信用代码校验位错误，请核对后重新输入",
        "第3行「机关类型」：「局」无效，应为以下之一：人民政府、政府部门、乡镇街道、派出机构、其他",
        "第3行「电子邮箱」：「not-an-email」不是有效的电子邮箱地址",
        "第3行「邮政编码」：「2313」无效，邮政编码应为6位数字",
        "第4行「机关名称」：与第3行的机关名称重复",
        "第4行「上级机关」：找不到上级机关「无此机关」：应为本文件或系统中已有机关的统一社会信用代码或名称",
        "第5行「统一社会信用代码」：与第4行的统一社会信用代码重复",
        f"第6行「机关名称」：系统中已有同名机关（统一社会信用代码 {county.credit_code}），机关名称不能重复",
        "第7行「上级机关」：上级机关形成了循环：甲 → 乙 → 甲",
        "第8行「上级机关」：上级机关形成了循环：甲 → 乙 → 甲",
        "第9行「上级机关」：上级机关不能是本机关",
    ]
    assert "共发现 12 个问题，未导入任何数据" in message
    assert snapshot() == before


def test_a_cycle_through_existing_agencies_is_rejected(make_xlsx, county, agency_a):
    """Making the county a child of its own department would close a loop in the database."""
    path = make_xlsx(
        [
            ["机关名称", "统一社会信用代码", "上级机关", "机关类型"],
            [county.name, county.credit_code, agency_a.name, "人民政府"],
        ]
    )
    _, listing = run_failing(path)
    assert (
        listing.strip()
        == "第2行「上级机关」：上级机关形成了循环：舒城县人民政府 → 舒城县财政局 → 舒城县人民政府"
    )


def test_reimporting_the_same_file_changes_nothing(make_xlsx):
    path = make_xlsx(good_rows())
    run(path)
    before = snapshot()
    output = run(path)
    assert "导入完成：新增 0 个，更新 0 个，未变 4 个" in output
    assert snapshot() == before


def test_changed_row_updates_the_agency_and_moves_it(make_xlsx):
    run(make_xlsx(good_rows()))
    rows = good_rows()
    rows[1] = ["庐江县财政局", FINANCE_CODE, TOWN_CODE, "政府部门", "0565-7329999", "", 231500]
    output = run(make_xlsx(rows, name="changed.xlsx"))
    assert "联系电话：0565-7321001 → 0565-7329999" in output
    assert "上级机关：庐江县人民政府 → 庐江县汤池镇人民政府" in output
    assert "导入完成：新增 0 个，更新 1 个，未变 3 个" in output
    finance = Agency.objects.get(credit_code=FINANCE_CODE)
    assert (finance.phone, finance.email, finance.parent.credit_code) == (
        "0565-7329999",
        "",
        TOWN_CODE,
    )
    assert_tree_is_consistent()


def test_dry_run_shows_the_changes_and_writes_nothing(make_xlsx):
    output = run(make_xlsx(good_rows()), "--dry-run")
    assert "新增 第5行 庐江县人民政府" in output
    assert "试运行（--dry-run），未写入数据：新增 4 个" in output
    assert not Agency.objects.exists()


def test_missing_columns_leave_existing_data_alone(make_xlsx, county):
    run(
        make_xlsx(
            [
                ["机关名称", "统一社会信用代码", "机关类型"],
                ["舒城县人民政府（新名）", county.credit_code, "人民政府"],
            ]
        )
    )
    county.refresh_from_db()
    assert county.name == "舒城县人民政府（新名）"
    assert county.phone == "0564-8622000"  # no 联系电话 column: kept


def test_agencies_can_swap_names_and_be_found_by_their_new_name(
    make_xlsx, county, agency_a, agency_b
):
    path = make_xlsx(
        [
            ["机关名称", "统一社会信用代码", "上级机关", "机关类型"],
            [agency_b.name, agency_a.credit_code, "舒城县人民政府", "政府部门"],
            [agency_a.name, agency_b.credit_code, "舒城县人民政府", "政府部门"],
            ["舒城县财政局国库科", OFFICE_CODE, agency_a.name, "其他"],
        ]
    )
    run(path)
    agency_a.refresh_from_db()
    assert agency_a.name == "舒城县教育体育局"
    assert Agency.objects.get(credit_code=OFFICE_CODE).parent.credit_code == agency_b.credit_code


def test_credit_codes_are_read_forgivingly(make_xlsx):
    spaced = " ".join([COUNTY_CODE[:6], COUNTY_CODE[6:]]).lower()
    run(
        make_xlsx(
            [["机关名称", "统一社会信用代码", "机关类型"], ["庐江县人民政府", spaced, "人民政府"]]
        )
    )
    assert Agency.objects.get().credit_code == COUNTY_CODE


def test_deep_chains_import_without_recursion(make_xlsx):
    codes = [make_credit_code(910000 + depth) for depth in range(1100)]
    rows = [["机关名称", "统一社会信用代码", "上级机关", "机关类型"]]
    rows += [
        [f"第{depth}级", code, codes[depth - 1] if depth else "", "其他"]
        for depth, code in enumerate(codes)
    ]
    run(make_xlsx(rows))
    assert Agency.objects.get(credit_code=codes[-1]).level == 1099


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"hello", "不是 Excel（.xlsx）格式"), (b"", "文件是空的")],
)
def test_unreadable_file_is_a_chinese_error(tmp_path, content, message):
    path = tmp_path / "agencies.xlsx"
    path.write_bytes(content)
    assert message in run_failing(path)[0]


def test_missing_file_and_missing_columns_are_chinese_errors(tmp_path, make_xlsx):
    assert "找不到文件" in run_failing(tmp_path / "nope.xlsx")[0]
    message, _ = run_failing(make_xlsx([["名称", "代码"], ["甲", "乙"]]))
    assert "缺少必需的列：机关名称、统一社会信用代码、机关类型" in message


def test_template_has_the_spec_columns(tmp_path):
    path = tmp_path / "template.xlsx"
    path.write_bytes(workbook_bytes(template_workbook()))
    with pytest.raises(SheetError, match="没有数据"):
        read_sheet(path, required=COLUMNS)


def test_export_rows_round_trip(make_xlsx):
    run(make_xlsx(good_rows()))
    before = snapshot()
    exported = list(export_rows(Agency.objects.all()))
    plan = import_agencies(make_xlsx([COLUMNS, *exported], name="export.xlsx"))
    assert plan.ok and not plan.new and not plan.updated
    assert snapshot() == before


# The same import in the admin: upload, preview, confirm (系统管理员 only).

IMPORT_URL = "/admin/organisation/agency/import/"
CONFIRM_URL = "/admin/organisation/agency/import/confirm/"


@pytest.fixture
def sysadmin(make_staff):
    return make_staff("sysadmin", [SYSTEM_ADMIN])


def upload(client, path):
    with open(path, "rb") as file:
        return client.post(IMPORT_URL, {"file": file})


def test_changelist_offers_the_import_to_system_admins_only(client, sysadmin, make_staff, agency_a):
    client.force_login(sysadmin)
    assert "导入机关名录" in client.get("/admin/organisation/agency/").text
    client.force_login(make_staff("office", [DISCLOSURE_OFFICE], [agency_a]))
    page = client.get("/admin/organisation/agency/")
    assert page.status_code == 200 and "导入机关名录" not in page.text


def test_admin_preview_then_confirm_imports(client, sysadmin, make_xlsx):
    client.force_login(sysadmin)
    assert "上传并预览" in client.get(IMPORT_URL).text
    preview = upload(client, make_xlsx(good_rows()))
    assert preview.status_code == 200
    assert "新增 <strong>4</strong> 个机关" in preview.text
    assert "庐江县汤池镇党政办公室" in preview.text and "确认导入" in preview.text
    assert not Agency.objects.exists()  # nothing before confirmation

    digest = preview.context["digest"]
    done = client.post(CONFIRM_URL, {"digest": digest}, follow=True)
    assert done.redirect_chain[-1][0] == "/admin/organisation/agency/"
    assert "新增 4 个机关" in done.text
    assert Agency.objects.count() == 4
    # The preview cannot be confirmed twice.
    again = client.post(CONFIRM_URL, {"digest": digest}, follow=True)
    assert "预览已失效" in again.text
    assert Agency.objects.count() == 4


def test_admin_preview_lists_updates_and_unchanged_rows(client, sysadmin, make_xlsx):
    client.force_login(sysadmin)
    run(make_xlsx(good_rows()))
    assert "文件与现有数据一致，无需导入" in upload(client, make_xlsx(good_rows())).text
    rows = good_rows()
    rows[4][4] = "0565-7320000"
    preview = upload(client, make_xlsx(rows, name="changed.xlsx"))
    assert "更新 <strong>1</strong> 个，未变 <strong>3</strong> 个" in preview.text
    assert "联系电话：0565-7321000 → 0565-7320000" in preview.text


def test_admin_preview_lists_every_problem_and_offers_no_confirmation(client, sysadmin, make_xlsx):
    client.force_login(sysadmin)
    rows = good_rows()
    rows[1][1] = rows[1][1][:17] + ("X" if rows[1][1][17] != "X" else "Y")
    rows[3][3] = "街道"
    preview = upload(client, make_xlsx(rows))
    problems = [(p.row, p.column) for p in preview.context["plan"].problems]
    assert problems == [(2, "统一社会信用代码"), (4, "机关类型")]
    assert "文件中有 2 个问题，未导入任何数据" in preview.text
    assert (
        "第2行" in preview.text and "校验位错误" in preview.text and "「街道」无效" in preview.text
    )
    assert "确认导入" not in preview.text
    assert client.post(CONFIRM_URL, {"digest": preview.context["digest"]}).status_code == 302
    assert not Agency.objects.exists()


def test_admin_upload_of_a_non_excel_file_is_a_form_error(client, sysadmin, tmp_path):
    client.force_login(sysadmin)
    path = tmp_path / "名录.xlsx"
    path.write_bytes("机关名称,统一社会信用代码\n".encode())
    page = upload(client, path)
    assert page.status_code == 200
    assert "不是 Excel（.xlsx）格式" in page.text


@pytest.mark.parametrize(
    "url",
    [
        IMPORT_URL,
        CONFIRM_URL,
        "/admin/organisation/agency/import/template.xlsx",
        "/admin/organisation/agency/export.xlsx",
    ],
)
def test_import_pages_are_forbidden_to_other_staff(client, make_staff, agency_a, url):
    client.force_login(make_staff("office", [DISCLOSURE_OFFICE], [agency_a]))
    assert client.get(url).status_code == 403
    assert client.post(url, {"digest": "x"}).status_code == 403


def test_admin_offers_the_template_and_an_export_that_round_trips(
    client, sysadmin, county, agency_a, tmp_path
):
    client.force_login(sysadmin)
    template = client.get("/admin/organisation/agency/import/template.xlsx")
    assert template["Content-Type"] == CONTENT_TYPE
    export = client.get("/admin/organisation/agency/export.xlsx")
    path = tmp_path / "export.xlsx"
    path.write_bytes(export.content)
    plan = import_agencies(path, dry_run=True)
    assert plan.ok and len(plan.unchanged) == 2 and not plan.new and not plan.updated


FIXTURES = Path(__file__).parent / "fixtures"


def test_shipped_example_extends_the_demo_county():
    demo.seed(progress=lambda message: None)
    output = run(FIXTURES / "agencies_shucheng.xlsx")
    assert "导入完成：新增 27 个，更新 0 个，未变 0 个" in output
    county = Agency.objects.get(name=county_demo.COUNTY)
    office = Agency.objects.get(name="舒城县南港镇党政办公室")
    assert [a.name for a in office.get_ancestors()] == [county.name, "舒城县南港镇人民政府"]
    assert "未变 27 个" in run(FIXTURES / "agencies_shucheng.xlsx")
    assert_tree_is_consistent()


def test_shipped_bad_example_is_rejected_with_every_problem():
    demo.seed(progress=lambda message: None)
    before = snapshot()
    message, listing = run_failing(FIXTURES / "agencies_bad.xlsx")
    assert "共发现 7 个问题" in message
    assert [line.split("：")[0] for line in listing.splitlines()] == [
        "第3行「机关名称」",
        "第4行「统一社会信用代码」",
        "第4行「机关类型」",
        "第4行「电子邮箱」",
        "第4行「邮政编码」",
        "第5行「上级机关」",
        "第6行「机关名称」",
    ]
    assert snapshot() == before


def test_imported_agencies_appear_on_cached_public_pages(
    client, county, make_xlsx, django_capture_on_commit_callbacks
):
    assert client.get("/").status_code == 200  # now cached for anonymous visitors
    path = make_xlsx(
        [
            ["机关名称", "统一社会信用代码", "上级机关", "机关类型"],
            ["舒城县统计局", FINANCE_CODE, county.name, "政府部门"],
        ]
    )
    with django_capture_on_commit_callbacks(execute=True):
        run(path)
    assert "舒城县统计局" in client.get("/").text


def test_the_letter_settings_travel_with_the_agency_list(make_xlsx, county):
    """The 复议机关 of a vertically led agency (行政复议法第二十七条) and the 文号 pattern."""
    tax_code = make_credit_code(900010)
    header = ["机关名称", "统一社会信用代码", "上级机关", "机关类型", "机关简称", "行政复议机关",
              "答复书文号格式", "实行垂直领导", "答复须经负责人签发"]  # fmt: skip
    bad = make_xlsx([header, ["国家税务总局舒城县税务局", tax_code, county.name, "政府部门",
                              "舒税", "", "{简称}〔{年}〕", "是", "大概"]])  # fmt: skip
    problems = str(import_agencies(bad).problems)
    assert "文号格式须包含{号}" in problems and "「大概」无效" in problems
    assert "行政复议法第二十七条" in problems  # vertically led without its 复议机关
    good = make_xlsx([header, ["国家税务总局舒城县税务局", tax_code, county.name, "政府部门",
                               "舒税", "国家税务总局六安市税务局", "{简称}信复〔{年}〕{号}号",
                               "是", "否"]])  # fmt: skip
    assert import_agencies(good).problems == []
    tax = Agency.objects.get(credit_code=tax_code)
    assert (tax.vertically_led, tax.answer_signoff, tax.review_body) == (
        True, False, "国家税务总局六安市税务局",
    )  # fmt: skip
    row = next(r for r in export_rows(Agency.objects.all()) if r[1] == tax_code)
    assert row[COLUMNS.index("实行垂直领导")] == "是" and row[COLUMNS.index("机关简称")] == "舒税"
