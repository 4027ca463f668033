"""Importing the agency list from XLSX (docs/spreadsheets.md §1), for the command and the admin.

`plan_import(file)` reads and checks the whole file against the database and returns an
`ImportPlan`: every problem (row, column, Chinese message), or else what would change.
`import_agencies(file, dry_run=False)` plans and applies in one transaction: all or nothing
(the writing is `agency_import_write.py`).

Rules beyond the spec's table:
- Agencies are keyed by 统一社会信用代码; a row whose code exists updates that agency.
- A column left out of the file leaves that field of existing agencies alone; a column that is
  present but blank clears it (上级机关 blank = a top-level agency).
- 上级机关 is resolved against the agencies as they will be after the import, so a row may name a
  parent further down the file, and an agency renamed by the file is found by its new name.
"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction

from spreadsheets.imports import blank_template
from spreadsheets.xlsx import SheetError, read_sheet

from . import agency_import_write
from .credit_code import credit_code_problem
from .models import VERTICAL_NEEDS_REVIEW_BODY, Agency, letter_number_pattern_problem

NAME, CODE, PARENT, KIND = "机关名称", "统一社会信用代码", "上级机关", "机关类型"
REQUIRED_COLUMNS = [NAME, CODE, KIND]
# column -> Agency field, for the 公开指南 contact data
CONTACT_COLUMNS = {
    "办公地址": "address",
    "办公时间": "office_hours",
    "联系电话": "phone",
    "传真": "fax",
    "电子邮箱": "email",
    "邮政编码": "postcode",
    # named in the letters: the 文号 and the remedies (docs/legal-rules.md §5)
    "机关简称": "short_name",
    "行政复议机关": "review_body",
    "行政诉讼管辖法院": "court",
    "答复书文号格式": "letter_number_pattern",
}
# 是 / 否 columns (blank = 否)
FLAG_COLUMNS = {"实行垂直领导": "vertically_led", "答复须经负责人签发": "answer_signoff"}
YES_NO = {"是": True, "否": False}
COLUMNS = [NAME, CODE, PARENT, KIND, *CONTACT_COLUMNS, *FLAG_COLUMNS]
KINDS = {label: value for value, label in Agency.Kind.choices}
PROGRESS_EVERY = 1000


def _max_length(field_name):
    return Agency._meta.get_field(field_name).max_length


@dataclass
class AgencyRow:
    """One checked row of the file."""

    number: int
    values: dict  # Agency field -> value, for the columns the file has
    parent_ref: str = ""
    parent_code: str | None = None  # resolved 上级机关, None for a top-level agency
    changes: list = field(default_factory=list)  # (column, old, new) for an existing agency

    @property
    def name(self):
        return self.values["name"]

    @property
    def credit_code(self):
        return self.values["credit_code"]


@dataclass
class ImportPlan:
    """What an import found: problems, or the rows sorted into new / updated / unchanged."""

    problems: list
    rows: list = field(default_factory=list)
    has_parent_column: bool = False
    new: list = field(default_factory=list)
    updated: list = field(default_factory=list)
    unchanged: list = field(default_factory=list)
    applied: bool = False

    @property
    def ok(self):
        return not self.problems

    @property
    def changes_anything(self):
        return bool(self.new or self.updated)


def _noop(message):
    pass


def plan_import(source, progress=_noop):
    """Read and check a file (path or file object). Raises SheetError for an unreadable file."""
    sheet = read_sheet(source, required=REQUIRED_COLUMNS, optional=COLUMNS)
    progress(f"读取到 {len(sheet.rows)} 行，正在校验 …")
    rows = []
    for index, row in enumerate(sheet.rows, start=1):
        rows.append(_parse_row(row))
        if index % PROGRESS_EVERY == 0:
            progress(f"  已校验 {index} / {len(sheet.rows)} 行")
    plan = ImportPlan(problems=[], rows=rows, has_parent_column=sheet.has_column(PARENT))
    existing = _existing_agencies()
    _check_duplicates(sheet, rows, existing)
    if plan.has_parent_column:
        _resolve_parents(sheet, rows, existing)
    plan.problems = sheet.problems
    if plan.ok:
        _sort_changes(plan, existing)
    return plan


def import_agencies(source, dry_run=False, progress=_noop):
    """Plan the import and, unless there are problems or `dry_run`, apply it: all or nothing."""
    try:
        with transaction.atomic():
            plan = plan_import(source, progress)
            if plan.ok and not dry_run and plan.changes_anything:
                agency_import_write.write(plan, progress)
                plan.applied = True
    except IntegrityError as error:
        # Another import or an admin edit got in between our checks and our writes.
        raise SheetError("导入期间机关名录被同时修改，未写入任何数据，请重新导入") from error
    return plan


def _parse_row(row):
    values = {
        "name": row.text(NAME, required=True, max_length=_max_length("name")),
        "credit_code": "".join(row.text(CODE, required=True).split()).upper(),
        "kind": row.choice(KIND, KINDS, required=True),
    }
    if values["credit_code"]:
        problem = credit_code_problem(values["credit_code"])
        if problem:
            row.problem(CODE, problem)
    for column, field_name in CONTACT_COLUMNS.items():
        if row.sheet.has_column(column):
            values[field_name] = row.text(column, max_length=_max_length(field_name))
    for column, field_name in FLAG_COLUMNS.items():
        if row.sheet.has_column(column):
            values[field_name] = row.choice(column, YES_NO) or False
    if values.get("vertically_led") and not values.get("review_body"):
        row.problem("行政复议机关", VERTICAL_NEEDS_REVIEW_BODY)
    pattern = values.get("letter_number_pattern")
    if pattern and letter_number_pattern_problem(pattern):
        row.problem("答复书文号格式", letter_number_pattern_problem(pattern))
    if values.get("email"):
        try:
            validate_email(values["email"])
        except ValidationError:
            row.problem("电子邮箱", f"「{values['email']}」不是有效的电子邮箱地址")
    postcode = values.get("postcode")
    if postcode and not (postcode.isdigit() and len(postcode) == 6):
        row.problem("邮政编码", f"「{postcode}」无效，邮政编码应为6位数字")
    return AgencyRow(number=row.number, values=values, parent_ref=row.text(PARENT))


@dataclass
class _Existing:
    """The agencies in the database, loaded once: a few columns each, no model instances."""

    by_code: dict  # credit code -> dict of field values (+ "parent_code")
    name_to_code: dict


def _existing_agencies():
    fields = [
        "pk", "name", "credit_code", "kind", "parent_id",
        *CONTACT_COLUMNS.values(), *FLAG_COLUMNS.values(),
    ]  # fmt: skip
    records = list(Agency.objects.order_by().values(*fields))
    code_by_pk = {record["pk"]: record["credit_code"] for record in records}
    by_code = {}
    for record in records:
        record["parent_code"] = code_by_pk.get(record.pop("parent_id"))
        by_code[record["credit_code"]] = record
    return _Existing(by_code, {record["name"]: code for code, record in by_code.items()})


def _check_duplicates(sheet, rows, existing):
    first_by_name, first_by_code = {}, {}
    file_codes = {row.credit_code for row in rows}
    for row in rows:
        if row.name:
            earlier = first_by_name.setdefault(row.name, row.number)
            if earlier != row.number:
                sheet.add_problem(row.number, NAME, f"与第{earlier}行的机关名称重复")
            else:
                holder = existing.name_to_code.get(row.name)
                # The holder may give up the name in this same file; then there is no clash.
                if holder and holder != row.credit_code and holder not in file_codes:
                    sheet.add_problem(
                        row.number,
                        NAME,
                        f"系统中已有同名机关（统一社会信用代码 {holder}），机关名称不能重复",
                    )
        if row.credit_code:
            earlier = first_by_code.setdefault(row.credit_code, row.number)
            if earlier != row.number:
                sheet.add_problem(row.number, CODE, f"与第{earlier}行的统一社会信用代码重复")


def _resolve_parents(sheet, rows, existing):
    """Set each row's parent_code from 上级机关, then reject parents that form a cycle."""
    file_codes = {row.credit_code for row in rows}
    # Names as they will be after the import: the file's names win over the database's.
    name_to_code = {
        name: code for name, code in existing.name_to_code.items() if code not in file_codes
    }
    name_to_code.update({row.name: row.credit_code for row in rows if row.name})
    all_codes = file_codes | existing.by_code.keys()
    for row in rows:
        ref = row.parent_ref
        if not ref:
            continue
        code = ref.upper() if ref.upper() in all_codes else name_to_code.get(ref)
        if code is None:
            sheet.add_problem(
                row.number,
                PARENT,
                f"找不到上级机关「{ref}」：应为本文件或系统中已有机关的统一社会信用代码或名称",
            )
        elif code == row.credit_code:
            sheet.add_problem(row.number, PARENT, "上级机关不能是本机关")
        else:
            row.parent_code = code
    _check_cycles(sheet, rows, existing)


def _check_cycles(sheet, rows, existing):
    parent_of = {code: record["parent_code"] for code, record in existing.by_code.items()}
    parent_of.update({row.credit_code: row.parent_code for row in rows})
    name_of = {code: record["name"] for code, record in existing.by_code.items()}
    name_of.update({row.credit_code: row.name for row in rows})
    row_of = {row.credit_code: row for row in rows}
    done = set()
    for start in row_of:
        path, on_path = [], set()
        code = start
        while code is not None and code not in done and code not in on_path:
            path.append(code)
            on_path.add(code)
            code = parent_of.get(code)
        if code in on_path:
            cycle = path[path.index(code) :]
            chain = " → ".join(name_of[c] for c in [*cycle, code])
            for member in cycle:
                if member in row_of:
                    sheet.add_problem(row_of[member].number, PARENT, f"上级机关形成了循环：{chain}")
        done.update(path)


def _sort_changes(plan, existing):
    kind_label = dict(Agency.Kind.choices)
    name_after = {code: record["name"] for code, record in existing.by_code.items()}
    name_after.update({row.credit_code: row.name for row in plan.rows})
    compared = [(NAME, "name"), (KIND, "kind"), *CONTACT_COLUMNS.items(), *FLAG_COLUMNS.items()]
    yes_no = {True: "是", False: "否"}
    for row in plan.rows:
        before = existing.by_code.get(row.credit_code)
        if before is None:
            plan.new.append(row)
            continue
        for column, field_name in compared:
            if field_name in row.values and row.values[field_name] != before[field_name]:
                old, new = before[field_name], row.values[field_name]
                if field_name == "kind":
                    old, new = kind_label.get(old, old), kind_label[new]
                elif field_name in FLAG_COLUMNS.values():
                    old, new = yes_no[old], yes_no[new]
                row.changes.append((column, old, new))
        if plan.has_parent_column and row.parent_code != before["parent_code"]:
            old_parent = (
                existing.by_code[before["parent_code"]]["name"] if before["parent_code"] else ""
            )
            row.changes.append((PARENT, old_parent, name_after.get(row.parent_code, "")))
        (plan.updated if row.changes else plan.unchanged).append(row)


def template_workbook():
    """An empty agency list with the right headers, and a sheet explaining each column."""
    return blank_template(COLUMNS, COLUMN_NOTES, title="机关名录")


COLUMN_NOTES = [
    (NAME, "是", "机关全称，不能重复"),
    (CODE, "是", "18位，按GB 32100-2015校验；同一代码再次导入时更新该机关"),
    (PARENT, "否", "上级机关的统一社会信用代码或全称，可以写在本文件后面的行；留空为顶级机关"),
    (KIND, "是", "、".join(KINDS)),
    (
        "办公地址、办公时间、联系电话、传真、电子邮箱、邮政编码",
        "否",
        "政府信息公开指南中的联系方式；邮政编码为6位数字",
    ),
    (
        "机关简称、行政复议机关、行政诉讼管辖法院、答复书文号格式",
        "否",
        "答复书的文号（如“舒财”）和救济途径；复议机关、法院留空时按机关树推定；"
        "文号格式可用{简称}、{年}、{号}，留空为“{简称}依复〔{年}〕{号}号”",
    ),
    (
        "实行垂直领导、答复须经负责人签发",
        "否",
        "是 / 否（空白为否）；实行垂直领导的机关须填写行政复议机关（行政复议法第二十七条）",
    ),
    (
        "（说明）",
        "",
        "只读取第一个工作表；列的顺序不限，多余的列和空行会被忽略；任何一行有错误时整个文件都不会导入",
    ),
]


def export_rows(agencies):
    """Rows in COLUMNS order for `agencies` (an Agency queryset), so that export → import round-trips."""
    kind_label = dict(Agency.Kind.choices)
    for agency in agencies.select_related("parent").order_by("tree_id", "lft"):
        yield [
            agency.name,
            agency.credit_code,
            agency.parent.credit_code if agency.parent else "",
            kind_label.get(agency.kind, agency.kind),
            *(getattr(agency, name) for name in CONTACT_COLUMNS.values()),
            *("是" if getattr(agency, name) else "否" for name in FLAG_COLUMNS.values()),
        ]
