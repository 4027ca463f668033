"""Writing a checked agency import (agency_import.py) to the database: renames parked so that
unique names never collide half-way, new agencies in batches, and the mptt tree laid out in one
pass. It runs inside `import_agencies`' transaction: all or nothing."""

from collections import defaultdict

from django.db import connection, transaction
from django.utils import timezone

from .models import Agency
from .signals import send_agencies_changed


def write(plan, progress):
    """Update the plan's changed agencies, create its new ones and lay out the tree."""
    _apply_updates(plan, progress)
    _create_new(plan, progress)
    progress("整理机关树 …")
    _write_tree(plan)
    # These writes bypass Agency.save(), which says so itself: the header's cached agency
    # list and cached public pages (agency lists, 公开指南 contact data) must go stale.
    transaction.on_commit(send_agencies_changed)


def _apply_updates(plan, progress):
    if not plan.updated:
        return
    progress(f"更新 {len(plan.updated)} 个机关 …")
    now = timezone.now()
    current = dict(
        Agency.objects.filter(
            credit_code__in=[row.credit_code for row in plan.updated]
        ).values_list("credit_code", "name")
    )
    renamed = [row for row in plan.updated if row.name != current[row.credit_code]]
    # Names are unique: park renamed agencies on a placeholder first, so that two agencies
    # swapping names (or a chain of renames) never collide half-way.
    for row in renamed:
        Agency.objects.filter(credit_code=row.credit_code).update(
            name=f"（导入中）{row.credit_code}"
        )
    # One UPDATE per changed agency: bulk_update's CASE expressions cost more for wide rows.
    for row in plan.updated:
        Agency.objects.filter(credit_code=row.credit_code).update(**row.values, updated_at=now)


def _create_new(plan, progress):
    if not plan.new:
        return
    first_tree_id = (
        Agency.objects.order_by("-tree_id").values_list("tree_id", flat=True).first() or 0
    ) + 1
    agencies = [
        # Placeholder tree fields in file order, laid out by _write_tree.
        Agency(**row.values, tree_id=first_tree_id + index, lft=1, rght=2, level=0)
        for index, row in enumerate(plan.new)
    ]
    for start in range(0, len(agencies), 500):
        Agency.objects.bulk_create(agencies[start : start + 500])
        progress(f"  新增机关 {min(start + 500, len(agencies))} / {len(agencies)}")


def _write_tree(plan):
    """Set every imported agency's parent and lay out the mptt tree (lft, rght, level, tree_id).

    The layout is mptt's `rebuild()`: siblings keep their (tree_id, lft) order, so existing
    agencies keep their place and new ones follow in file order. It is done here because
    rebuild() writes through bulk_update, whose CASE expressions cost about a millisecond per
    agency; this writes only the nodes that moved, with one executemany, and walks the tree
    without recursion so that no depth of nesting can overflow the stack.
    """
    nodes = list(
        Agency.objects.order_by("tree_id", "lft").values_list(
            "pk", "credit_code", "parent_id", "tree_id", "lft", "rght", "level"
        )
    )
    pk_by_code = {code: pk for pk, code, *_ in nodes}
    parent_of = {pk: parent_id for pk, _, parent_id, *_ in nodes}
    if plan.has_parent_column:
        for row in plan.rows:
            parent_of[pk_by_code[row.credit_code]] = pk_by_code.get(row.parent_code)
    children = defaultdict(list)
    for pk, *_ in nodes:
        children[parent_of[pk]].append(pk)
    lft, position = {}, {}  # pk -> (parent_id, tree_id, lft, rght, level)
    for tree_id, root in enumerate(children[None], start=1):
        counter, stack = 1, [(root, 0, False)]
        while stack:
            pk, level, leaving = stack.pop()
            if leaving:
                position[pk] = (parent_of[pk], tree_id, lft[pk], counter, level)
            else:
                lft[pk] = counter
                stack.append((pk, level, True))
                stack.extend((child, level + 1, False) for child in reversed(children[pk]))
            counter += 1
    moved = [(*position[pk], pk) for pk, _, *before in nodes if position[pk] != tuple(before)]
    if moved:
        table = connection.ops.quote_name(Agency._meta.db_table)
        with connection.cursor() as cursor:
            cursor.executemany(
                f"UPDATE {table} SET parent_id = %s, tree_id = %s, lft = %s, rght = %s, level = %s"  # noqa: S608 -- only the table name is formatted in
                " WHERE id = %s",
                moved,
            )
