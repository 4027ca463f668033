"""Importing published items from an old platform's XLSX export (docs/spreadsheets.md rules).

`plan_import(file, agencies)` reads and checks the whole file and returns an `ImportPlan`: every
problem (row, column, Chinese message), or else the rows to create and those already here.
`import_items(file, agencies, user)` plans and applies in one transaction: all or nothing
(the writing is `item_import_write.py`).

Rules:
- Every row is an item that was already published elsewhere: it is created as 已发布 with its
  发布日期, and its 发布用时 is computed for the 20-working-day rule (条例第二十六条).
- **Key (idempotence):** a row with a 索引号 is the item of that agency with that 索引号; a row
  without one is the item of that agency with the same 名称, 文号 and 成文日期. A row whose item
  exists is skipped, even when its other cells differ: published items change only by 更正 in
  the admin, never silently by a re-import. So importing a file twice changes nothing.
- 索引号 in the portal's own format (`{统一社会信用代码}/{YYYY}-{NNNNN}`) must carry the agency's
  code; the counter then never hands those serials out again. Other formats are kept as they are.
  A row without 索引号 gets a new one in its publication year, in order of 发布日期.
- 目录 is the full path from the top of the tree, e.g. `法定主动公开内容/财政预决算/部门预算`.
- 正文 is plain text (paragraphs by line) unless it contains HTML, which is sanitised.
- 发布机构 is a 统一社会信用代码 or exact name among `agencies` (the importer's own).
- The privacy screen (catalog/screening.py) runs on what the public will see of each row: a
  身份证号, phone number, bank card or e-mail address is a problem at its row and column, unless
  the row's 个人信息公开理由 says why it may be published (e.g. an office phone); the importing
  审核人 is then recorded as having accepted it, as in the admin.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.utils import timezone

from spreadsheets.imports import blank_template
from spreadsheets.xlsx import SheetError, read_sheet

from . import item_import_write, numbering, sanitise, screening
from .models import Channel, Directory, Item

AGENCY, TITLE, DIRECTORY, NUMBER, WRITTEN, PUBLISHED = (
    "发布机构",
    "名称",
    "目录",
    "文号",
    "成文日期",
    "发布日期",
)
INDEX, GENRE, SUBJECT, KEYWORDS, SUMMARY, BODY = (
    "索引号",
    "体裁",
    "主题分类",
    "主题词",
    "内容概述",
    "正文",
)
VALIDITY, EFFECTIVE, INVALID, MODE, CHANNELS, PRIVACY_REASON, MODE_REASON = (
    "有效性",
    "施行日期",
    "废止或失效日期",
    "公开方式",
    "公开渠道",
    "个人信息公开理由",
    "公开方式认定理由",
)
REQUIRED_COLUMNS = [AGENCY, TITLE, DIRECTORY, WRITTEN, PUBLISHED]
OPTIONAL_COLUMNS = [
    INDEX, NUMBER, GENRE, SUBJECT, KEYWORDS, SUMMARY, BODY,
    VALIDITY, EFFECTIVE, INVALID, MODE, MODE_REASON, CHANNELS, PRIVACY_REASON,
]  # fmt: skip
COLUMNS = [AGENCY, INDEX, TITLE, DIRECTORY, NUMBER, WRITTEN, PUBLISHED, *OPTIONAL_COLUMNS[2:]]
GENRES = {label: value for value, label in Item.Genre.choices}
VALIDITIES = {label: value for value, label in Item.Validity.choices}
MODES = {label: value for value, label in Item.Mode.choices}
PUBLISHED_AT = datetime.time(9, 0)  # a date-only 发布日期 becomes 9:00 Beijing time


def _noop(message):
    pass


def _max_length(name):
    return Item._meta.get_field(name).max_length


@dataclass
class ItemRow:
    number: int
    agency: object = None
    values: dict = field(default_factory=dict)
    channels: list = field(default_factory=list)
    index_number: str = ""
    numbered: dict = field(default_factory=dict)  # the 索引号 fields it gets when created
    privacy_reason: str = ""
    accepted: list = field(default_factory=list)  # screening findings accepted by that reason

    @property
    def title(self):
        return self.values.get("title", "")

    def key(self):
        if self.index_number:
            return (self.agency.pk, "index", self.index_number)
        v = self.values
        return (self.agency.pk, "text", v["title"], v["document_number"], v["written_on"])


@dataclass
class ImportPlan:
    problems: list
    new: list = field(default_factory=list)
    existing: list = field(default_factory=list)
    applied: bool = False

    @property
    def ok(self):
        return not self.problems

    @property
    def changes_anything(self):
        return bool(self.new)


def body_html(text):
    """正文 from a cell: HTML is sanitised; plain text becomes one paragraph per line."""
    return sanitise.clean_body(text)


def directory_paths():
    """{'法定主动公开内容/财政预决算/部门预算': Directory, …} from one query."""
    nodes = list(Directory.objects.order_by("tree_id", "lft"))
    by_pk = {node.pk: node for node in nodes}
    paths = {}
    for node in nodes:  # parents come before children in (tree_id, lft) order
        parent = by_pk.get(node.parent_id)
        node.full_path = f"{parent.full_path}/{node.name}" if parent else node.name
        paths[node.full_path] = node
    return paths


def _normalise_path(text):
    parts = text.replace("／", "/").replace("\\", "/").replace(">", "/").split("/")
    return "/".join(part.strip() for part in parts if part.strip())


class _Lookups:
    def __init__(self, agencies):
        agencies = list(agencies)
        self.by_code = {agency.credit_code: agency for agency in agencies}
        self.by_name = {agency.name: agency for agency in agencies}
        self.directories = directory_paths()
        self.channels = {channel.name: channel for channel in Channel.objects.all()}


def _parse_row(row, lookups):
    item = ItemRow(number=row.number)
    ref = row.text(AGENCY, required=True)
    if ref:
        item.agency = lookups.by_code.get(ref.upper()) or lookups.by_name.get(ref)
        if item.agency is None:
            row.problem(AGENCY, f"「{ref}」不是您可以导入的机关（应为统一社会信用代码或机关全称）")
    path = _normalise_path(row.text(DIRECTORY, required=True))
    directory = lookups.directories.get(path)
    if path and directory is None:
        row.problem(
            DIRECTORY,
            f"找不到目录「{path}」：应为从顶层开始的完整路径，如 法定主动公开内容/财政预决算/部门预算",
        )
    written, published = row.date(WRITTEN, required=True), row.date(PUBLISHED, required=True)
    if written and published and published < written:
        row.problem(PUBLISHED, "发布日期不能早于成文日期")
    if published and published > timezone.localdate():
        row.problem(PUBLISHED, "发布日期不能晚于今天")
    validity = row.choice(VALIDITY, VALIDITIES) or ""
    invalid_on = row.date(INVALID)
    if validity in (Item.Validity.REPEALED, Item.Validity.EXPIRED) and not invalid_on:
        row.problem(INVALID, f"有效性为“{Item.Validity(validity).label}”时必须填写废止或失效日期")
    if invalid_on and validity not in (Item.Validity.REPEALED, Item.Validity.EXPIRED):
        row.problem(INVALID, "只有“废止”或“失效”的文件才填写废止或失效日期")
    item.values = {
        "title": sanitise.clean_text(row.text(TITLE, required=True, max_length=_max_length("title"))),
        "document_number": sanitise.clean_text(row.text(NUMBER, max_length=_max_length("document_number"))),
        "directory": directory,
        "written_on": written,
        "published_at": timezone.make_aware(datetime.datetime.combine(published, PUBLISHED_AT)) if published else None,
        "genre": row.choice(GENRE, GENRES) or Item.Genre.OTHER,
        "subject": sanitise.clean_text(row.text(SUBJECT, max_length=_max_length("subject"))),
        "keywords": sanitise.clean_text(row.text(KEYWORDS, max_length=_max_length("keywords"))),
        "summary": sanitise.clean_multiline(row.text(SUMMARY)),
        "body": body_html(row.text(BODY)),
        "validity": validity,
        "effective_on": row.date(EFFECTIVE),
        "invalid_on": invalid_on,
        "mode": row.choice(MODE, MODES) or Item.Mode.PROACTIVE,
        "mode_reason": sanitise.clean_multiline(row.text(MODE_REASON, max_length=2000)),
    }  # fmt: skip
    if item.values["mode"] != Item.Mode.PROACTIVE and not item.values["mode_reason"]:
        row.problem(
            MODE_REASON, f"公开方式为“{Item.Mode(item.values['mode']).label}”时须填写认定理由"
        )
    for name in _split_list(row.text(CHANNELS)):
        channel = lookups.channels.get(name)
        if channel is None:
            row.problem(CHANNELS, f"「{name}」不是公开渠道，应为：" + "、".join(lookups.channels))
        else:
            item.channels.append(channel)
    _screen(row, item)
    item.index_number = "".join(row.text(INDEX, max_length=_max_length("index_number")).split())
    if item.index_number and item.agency:
        parsed = numbering.parse_index_number(item.index_number)
        if parsed and not numbering.is_prefix_of(parsed[0], item.agency.credit_code):
            row.problem(INDEX, "索引号的前缀应为发布机构的统一社会信用代码（或其中的组织机构代码）")
    return item


def _screen(row, item):
    """The privacy screen of one row: a problem per value found, or accepted by the row's reason."""
    item.privacy_reason = sanitise.clean_text(row.text(PRIVACY_REASON, max_length=500))
    findings = list(screening.text_findings(Item(**item.values)))
    if findings and item.privacy_reason:
        item.accepted = findings
        return
    for finding in findings:
        row.problem(
            finding.source,
            f"含有{finding.kind} {finding.masked}（{finding.context}）：请在文件中按规范遮盖"
            f"（如 138****1234、35*************123）后重新导入，或在“{PRIVACY_REASON}”列写明可以公开的理由",
        )


def _split_list(text):
    for separator in "，,；;/":
        text = text.replace(separator, "、")
    return [part.strip() for part in text.split("、") if part.strip()]


def plan_import(source, agencies, progress=_noop):
    """Read and check a file. Raises SheetError for an unreadable file."""
    sheet = read_sheet(source, required=REQUIRED_COLUMNS, optional=OPTIONAL_COLUMNS)
    progress(f"读取到 {len(sheet.rows)} 行，正在校验 …")
    lookups = _Lookups(agencies)
    rows = [_parse_row(row, lookups) for row in sheet.rows]
    valid = [row for row in rows if row.agency is not None]
    first = {}
    for row in valid:
        earlier = first.setdefault(row.key(), row.number)
        if earlier != row.number:
            column = INDEX if row.index_number else TITLE
            sheet.add_problem(
                row.number, column, f"与第{earlier}行是同一条信息（{_key_text(row)}）"
            )
    existing_keys = _existing_keys(valid)
    taken = _index_numbers_in_use({row.index_number for row in valid if row.index_number})
    plan = ImportPlan(problems=[])
    for row in valid:
        if row.key() in existing_keys:
            plan.existing.append(row)
        elif row.index_number and row.index_number in taken:
            sheet.add_problem(row.number, INDEX, "该索引号已被系统中的另一条信息使用")
        else:
            plan.new.append(row)
    plan.problems = sheet.problems
    return plan


def _needs_reviewer(plan, user):
    """An acceptance is a 审核人's decision: a command-line import must name who takes it."""
    if user is None and any(row.accepted for row in plan.new):
        raise SheetError(
            f"“{PRIVACY_REASON}”列确认公开个人信息须记录审核人：请用 --user 指定导入人"
        )


def _key_text(row):
    if row.index_number:
        return f"索引号 {row.index_number}"
    return "名称、文号、成文日期相同"


def _existing_keys(rows):
    """The keys of `rows` that already have an item, in one query per agency."""
    keys = set()
    by_agency = defaultdict(list)
    for row in rows:
        by_agency[row.agency.pk].append(row)
    for agency_id, agency_rows in by_agency.items():
        numbers = {row.index_number for row in agency_rows if row.index_number}
        titles = {row.title for row in agency_rows if not row.index_number}
        found = (
            Item.objects.filter(agency_id=agency_id)
            .filter(index_number__in=numbers)
            .values_list("index_number", flat=True)
        )
        keys |= {(agency_id, "index", number) for number in found}
        for title, document_number, written_on in Item.objects.filter(
            agency_id=agency_id, title__in=titles
        ).values_list("title", "document_number", "written_on"):
            keys.add((agency_id, "text", title, document_number, written_on))
    return keys


def _index_numbers_in_use(numbers):
    return set(Item.objects.filter(index_number__in=numbers).values_list("index_number", flat=True))


def import_items(source, agencies, user=None, dry_run=False, progress=_noop):
    """Plan and, unless there are problems or `dry_run`, create the new items: all or nothing."""
    try:
        with transaction.atomic():
            plan = plan_import(source, agencies, progress)
            _needs_reviewer(plan, user)
            if plan.ok and not dry_run and plan.changes_anything:
                item_import_write.write(plan, user, progress)
                plan.applied = True
    except IntegrityError as error:
        raise SheetError(
            "导入期间有人同时发布或导入了相同的信息，未写入任何数据，请重新导入"
        ) from error
    return plan


def template_workbook():
    """An empty item list with the right headers, and a sheet explaining each column."""
    return blank_template(COLUMNS, COLUMN_NOTES, title="政府信息")


COLUMN_NOTES = [
    (AGENCY, "是", "统一社会信用代码或机关全称"),
    (INDEX, "否", "原平台的索引号；留空则按发布日期所在年份自动编号"),
    (TITLE, "是", "信息名称"),
    (DIRECTORY, "是", "从顶层开始的完整目录路径，用 / 分隔，如 法定主动公开内容/财政预决算/部门预算"),
    (NUMBER, "否", "如 舒财〔2025〕12号"),
    (WRITTEN, "是", "YYYY-MM-DD"),
    (PUBLISHED, "是", "YYYY-MM-DD，不早于成文日期"),
    (GENRE, "否", "、".join(GENRES) + "；留空为“其他”"),
    (SUBJECT, "否", "如 财政、金融、审计\\财政"),
    (KEYWORDS, "否", "多个主题词用空格分隔"),
    (SUMMARY, "否", "列表中显示的简短概述"),
    (BODY, "否", "纯文本按行分段；也可以是 HTML（保存时会清理不安全的内容）"),
    (VALIDITY, "否", "有效 / 废止 / 失效（规章和规范性文件填写）"),
    (EFFECTIVE, "否", "YYYY-MM-DD"),
    (INVALID, "废止或失效时必填", "YYYY-MM-DD"),
    (MODE, "否", "主动公开 / 依申请公开 / 不予公开；留空为主动公开"),
    (MODE_REASON, "依申请公开、不予公开时必填", "认定的依据，如 条例第十五条（个人隐私）"),
    (CHANNELS, "否", "多个渠道用顿号分隔，如 政府网站、政务微信"),
    (PRIVACY_REASON, "否", "名称、概述或正文含有身份证号、电话号码、银行卡号、电子邮箱时：留空则该行不能导入（请先遮盖，如 138****1234）；填写可以公开的理由（如“本机关办公电话”）则记为导入人确认公开"),
    ("（说明）", "", "同一机关、同一索引号（无索引号时：同一名称、文号和成文日期）的信息已存在时跳过，不会重复导入；任何一行有错误时整个文件都不会导入"),
]  # fmt: skip
