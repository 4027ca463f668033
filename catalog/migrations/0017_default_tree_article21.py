"""Directories the law requires that the first default tree lacked (docs/catalog.md §2).

条例第二十一条 binds county governments and their departments too, not only townships: 市政建设,
公共服务, 公益事业, 治安管理 (土地征收, 房屋征收 and 社会救助 are there already); a 人民政府 also
publishes 本级政府预决算 and 政府债务 (预算法第十四条, 地方政府债务信息公开办法). Each directory is
appended as the last child of its parent, and only where no sibling has its name: staff-made
directories and every item stay where they are. Historical models have no mptt manager, so the
tree fields are shifted here as mptt would.
"""

from django.db import migrations
from django.db.models import F

ADDED = [
    ("法定主动公开内容", ["市政建设", "公共服务", "公益事业", "治安管理"]),
    ("法定主动公开内容/财政预决算", ["本级政府预决算", "政府债务"]),
]


def _find(Directory, path):
    node = None
    for name in path.split("/"):
        node = Directory.objects.filter(parent=node, name=name).first()
        if node is None:
            return None
    return node


def append_child(Directory, parent, name):
    """`parent`'s child named `name`: the existing one, or a new last child."""
    existing = Directory.objects.filter(parent=parent, name=name).first()
    if existing is not None:
        return existing
    parent = Directory.objects.get(pk=parent.pk)
    right = parent.rght
    tree = Directory.objects.filter(tree_id=parent.tree_id)
    tree.filter(rght__gte=right).update(rght=F("rght") + 2)
    tree.filter(lft__gt=right).update(lft=F("lft") + 2)
    return Directory.objects.create(
        name=name,
        parent=parent,
        tree_id=parent.tree_id,
        level=parent.level + 1,
        lft=right,
        rght=right + 1,
        township_only=False,
    )


def add_directories(apps, schema_editor):
    Directory = apps.get_model("catalog", "Directory")
    for path, names in ADDED:
        parent = _find(Directory, path)
        if parent is None:
            continue  # staff removed or renamed it: theirs to decide
        for name in names:
            append_child(Directory, parent, name)


class Migration(migrations.Migration):
    dependencies = [("catalog", "0016_secrecy_review")]

    operations = [migrations.RunPython(add_directories, migrations.RunPython.noop)]
