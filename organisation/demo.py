"""Demo data: a county drawn from the seed documents (舒城县, 安徽省六安市).

Every step is idempotent: rows are looked up by their natural key first, so
`make run` can seed again and again without duplicating anything.
"""

from django.contrib.auth.models import Group, User
from django.db import transaction

from .credit_code import check_character
from .models import Agency
from .roles import (
    DISCLOSURE_OFFICE,
    HANDLER,
    HEAD_OF_OFFICE,
    INFORMATION_OFFICER,
    REVIEWER,
    SYSTEM_ADMIN,
    sync_role_groups,
)

DEMO_PASSWORD = "demo-pass-2025"  # noqa: S105 -- documented in the README
COUNTY = "舒城县人民政府"

# (name, kind, parent name or None, contact extension)
AGENCIES = [
    (COUNTY, Agency.Kind.GOVERNMENT, None),
    ("舒城县人民政府办公室", Agency.Kind.DEPARTMENT, COUNTY),
    ("舒城县发展和改革委员会", Agency.Kind.DEPARTMENT, COUNTY),
    ("舒城县教育体育局", Agency.Kind.DEPARTMENT, COUNTY),
    ("舒城县民政局", Agency.Kind.DEPARTMENT, COUNTY),
    ("舒城县财政局", Agency.Kind.DEPARTMENT, COUNTY),
    ("舒城县人力资源和社会保障局", Agency.Kind.DEPARTMENT, COUNTY),
    ("舒城县自然资源和规划局", Agency.Kind.DEPARTMENT, COUNTY),
    ("舒城县住房和城乡建设局", Agency.Kind.DEPARTMENT, COUNTY),
    ("舒城县农业农村局", Agency.Kind.DEPARTMENT, COUNTY),
    ("舒城县卫生健康委员会", Agency.Kind.DEPARTMENT, COUNTY),
    ("舒城县应急管理局", Agency.Kind.DEPARTMENT, COUNTY),
    ("舒城县审计局", Agency.Kind.DEPARTMENT, COUNTY),
    ("舒城县市场监督管理局", Agency.Kind.DEPARTMENT, COUNTY),
    ("舒城县城关镇人民政府", Agency.Kind.TOWNSHIP, COUNTY),
    ("舒城县杭埠镇人民政府", Agency.Kind.TOWNSHIP, COUNTY),
    ("舒城县千人桥镇人民政府", Agency.Kind.TOWNSHIP, COUNTY),
    ("舒城县桃溪镇人民政府", Agency.Kind.TOWNSHIP, COUNTY),
    ("舒城县万佛湖镇人民政府", Agency.Kind.TOWNSHIP, COUNTY),
    ("舒城县春秋乡人民政府", Agency.Kind.TOWNSHIP, COUNTY),
    ("舒城县杭埠镇党政办公室", Agency.Kind.OTHER, "舒城县杭埠镇人民政府"),
    ("舒城县杭埠镇社会事务办公室", Agency.Kind.OTHER, "舒城县杭埠镇人民政府"),
]

# username, full name, roles, agency names
USERS = [
    ("admin", "系统管理员", [SYSTEM_ADMIN], [COUNTY]),
    ("gongkaiban", "县政务公开办", [DISCLOSURE_OFFICE, HEAD_OF_OFFICE], [COUNTY]),
    ("czj_xinxiyuan", "财政局信息员", [INFORMATION_OFFICER], ["舒城县财政局"]),
    ("czj_shenhe", "财政局审核人", [REVIEWER], ["舒城县财政局"]),
    ("czj_banli", "财政局办理人", [HANDLER], ["舒城县财政局"]),
    ("czj_fuzeren", "财政局负责人", [HEAD_OF_OFFICE], ["舒城县财政局"]),
    ("jyj_xinxiyuan", "教体局信息员", [INFORMATION_OFFICER], ["舒城县教育体育局"]),
    ("jyj_shenhe", "教体局审核人", [REVIEWER], ["舒城县教育体育局"]),
    ("hbz_xinxiyuan", "杭埠镇信息员", [INFORMATION_OFFICER], ["舒城县杭埠镇人民政府"]),
    ("hbz_shenhe", "杭埠镇审核人", [REVIEWER, HANDLER], ["舒城县杭埠镇人民政府"]),
    ("xzf_banli", "县政府办办理人", [HANDLER], [COUNTY, "舒城县人民政府办公室"]),
]


# 文号 prefixes of the demo agencies that answer requests ("舒财依复〔2026〕8号").
SHORT_NAMES = {COUNTY: "舒政", "舒城县财政局": "舒财", "舒城县人民政府办公室": "舒政办",
               "舒城县杭埠镇人民政府": "杭政", "舒城县教育体育局": "舒教体"}  # fmt: skip


def demo_credit_code(index):
    """A valid, stable 统一社会信用代码 for the index-th demo agency (机关, prefix 11)."""
    first17 = f"11341523{3000 + index:08d}M"
    return first17 + check_character(first17)


def seed_agencies(progress):
    progress("机关 …")
    by_name = {}
    for index, (name, kind, parent_name) in enumerate(AGENCIES, start=1):
        agency = Agency.objects.filter(name=name).first()
        if agency is None:
            agency = Agency.objects.create(
                name=name,
                credit_code=demo_credit_code(index),
                kind=kind,
                parent=by_name.get(parent_name),
                address=f"安徽省六安市舒城县城关镇{'梅河路' if index % 2 else '龙舒路'}{index * 8}号",
                office_hours="工作日 上午8:30—12:00，下午14:30—17:30（法定节假日除外）",
                phone=f"0564-86{index:05d}"[:13],
                fax=f"0564-87{index:05d}"[:13],
                email=f"gk{index:02d}@shucheng.example.gov.cn",
                postcode="231300",
                # the county's own 复议机关 and court lie outside the demo tree
                **(
                    {"review_body": "六安市人民政府", "court": "六安市中级人民法院"}
                    if name == COUNTY
                    else {}
                ),
                short_name=SHORT_NAMES.get(name, ""),
            )
        by_name[name] = agency
    progress(f"  {len(by_name)} 个机关")
    return by_name


def seed_users(agencies, progress):
    progress("演示账号 …")
    sync_role_groups()
    for username, full_name, roles, agency_names in USERS:
        user, created = User.objects.get_or_create(
            username=username, defaults={"first_name": full_name, "is_staff": True}
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.is_superuser = username == "admin"
            user.save()
        user.groups.add(*Group.objects.filter(name__in=roles))
        for name in agency_names:
            agencies[name].staff.add(user)
    progress(f"  {len(USERS)} 个账号，密码均为 {DEMO_PASSWORD}")


def seed(progress=print):
    """The county's agencies and a staff account of every role; {name: Agency}."""
    with transaction.atomic():
        agencies = seed_agencies(progress)
        seed_users(agencies, progress)
    return agencies
