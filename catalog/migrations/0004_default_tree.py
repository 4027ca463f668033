"""The default directory tree (docs/catalog.md) and the 公开渠道 list.

Historical models have no mptt manager, so the tree fields are computed here.
"""

from django.db import migrations

TOWNSHIP = "乡镇"

DEFAULT_TREE = [
    ("政府信息公开指南", []),
    ("政府信息公开制度", []),
    (
        "法定主动公开内容",
        [
            ("机构职能", ["机关职能", "机构设置", "领导信息"]),
            ("政策文件", ["规章", "行政规范性文件", "其他文件"]),
            ("政策解读", []),
            ("规划计划", []),
            ("统计信息", []),
            ("行政许可和其他对外管理服务事项", []),
            ("行政处罚和行政强制", []),
            ("财政预决算", ["部门预算", "部门决算", "“三公”经费"]),
            ("财政专项资金", []),
            ("行政事业性收费", []),
            ("政府集中采购", []),
            ("重大建设项目", []),
            ("民生政策", ["扶贫", "教育", "医疗", "社会保障", "促进就业"]),
            ("应急管理", ["应急预案", "预警信息", "应对情况"]),
            ("监督检查", ["环境保护", "公共卫生", "安全生产", "食品药品", "产品质量"]),
            ("公务员招考", []),
            ("人事信息", []),
            ("审计公开", []),
            ("建议提案办理", []),
            (
                "农业农村",
                [
                    ("农业农村政策", TOWNSHIP),
                    ("农田水利", TOWNSHIP),
                    ("土地承包经营权流转", TOWNSHIP),
                    ("宅基地审核", TOWNSHIP),
                    ("筹资筹劳", TOWNSHIP),
                ],
            ),
            ("征收补偿", ["土地征收", "房屋征收"]),
            ("社会救助", []),
            ("基层政务公开标准目录（按领域）", []),
        ],
    ),
    ("政府信息公开年报", []),
    ("依申请公开", []),
]

CHANNELS = [
    "政府网站",
    "政府公报",
    "政务微博",
    "政务微信",
    "政务客户端",
    "新闻发布会",
    "报刊广播电视",
    "公开查阅点",
    "公示栏",
    "其他",
]


def _normalise(entry):
    """Entries are a name, (name, children) or (name, TOWNSHIP)."""
    if isinstance(entry, str):
        return entry, [], False
    name, rest = entry
    if rest == TOWNSHIP:
        return name, [], True
    return name, rest, False


def create_tree(apps, schema_editor):
    Directory = apps.get_model("catalog", "Directory")
    Channel = apps.get_model("catalog", "Channel")
    if Directory.objects.exists():
        return

    def insert(entry, parent, tree_id, level, lft):
        name, children, township_only = _normalise(entry)
        node = Directory.objects.create(
            name=name,
            parent=parent,
            township_only=township_only,
            tree_id=tree_id,
            level=level,
            lft=lft,
            rght=0,
        )
        right = lft + 1
        for child in children:
            right = insert(child, node, tree_id, level + 1, right) + 1
        node.rght = right
        node.save(update_fields=["rght"])
        return right

    for tree_id, entry in enumerate(DEFAULT_TREE, start=1):
        insert(entry, None, tree_id, 0, 1)

    for position, name in enumerate(CHANNELS):
        Channel.objects.get_or_create(name=name, defaults={"position": position})


class Migration(migrations.Migration):
    dependencies = [("catalog", "0003_directories_items")]

    operations = [migrations.RunPython(create_tree, migrations.RunPython.noop)]
