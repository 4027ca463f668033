"""The directory tree and the agency list as public pages need them: cached, no query per node.

Both are small (tens to a few thousand rows) and change rarely; they are read from
one query and cached under the public version, and for at most five minutes, so a
directory or agency added in the admin appears soon without a hook of its own.
"""

import time
from dataclasses import dataclass, field
from itertools import islice

from django.core.cache import cache

from organisation.models import Agency

from .models import Directory
from .publicity import public_version

TTL = 300
# This process also keeps the values of the current public version: unpickling the agency
# list from the cache (150 KB at 2,000 agencies, several times a page) cost a list page ~3 ms.
MEMO_TTL = 60
_memo = {}  # name -> (public version, expires, value); callers only read the values


GUIDE_DIRECTORY = "政府信息公开指南"


@dataclass
class DirectoryNode:
    id: int
    name: str
    parent_id: int | None
    level: int
    township_only: bool
    children: list = field(default_factory=list)
    count: int = 0
    total: int = 0

    @property
    def is_guide(self):
        """The 政府信息公开指南 directory: its page is the generated guide (条例第十二条)."""
        return self.parent_id is None and self.name == GUIDE_DIRECTORY


def _cached(name, load):
    version = public_version()
    now = time.monotonic()
    memo = _memo.get(name)
    if memo is not None and memo[0] == version and memo[1] > now:
        return memo[2]
    key = f"catalog:{name}:{version}"
    value = cache.get(key)
    if value is None:
        value = load()
        cache.set(key, value, TTL)
    _memo[name] = (version, now + MEMO_TTL, value)
    return value


def directory_rows():
    """(id, name, parent id, level, township only) in tree order."""
    return _cached(
        "directories",
        lambda: list(
            Directory.objects.order_by("tree_id", "lft").values_list(
                "id", "name", "parent_id", "level", "township_only"
            )
        ),
    )


def agencies_hiding_on_request():
    """Ids of the agencies that do not list their 依申请公开 titles (`Item.objects.public()`)."""
    # From the agency list every public page reads anyway: no query of its own.
    return _cached(
        "hiding-on-request",
        lambda: frozenset(
            pk for pk, agency in public_agencies().items() if not agency.lists_on_request_items
        ),
    )


def agency_rows():
    """(id, credit code, name, level, kind) of every agency, in tree order."""
    return _cached(
        "agencies",
        lambda: [
            (each.pk, each.credit_code, each.name, each.level, each.kind)
            for each in public_agencies().values()
        ],
    )


# What public pages show of an agency: its name and link, its place in the tree, and the
# footer's contacts.
PUBLIC_AGENCY_FIELDS = (
    *("credit_code", "name", "kind", "parent", "tree_id", "lft", "rght", "level"),
    *("address", "postcode", "office_hours", "phone", "fax", "email"),
    *("office_name", "reading_room"),  # the guide page (条例第十二条、第二十五条)
    "lists_on_request_items",  # which items are public at all (`Item.objects.public()`)
)


def public_agencies():
    """Every agency with what public pages show of it, by id, in tree order."""
    return _cached(
        "public-agencies",
        lambda: {
            each.pk: each
            for each in Agency.objects.order_by("tree_id", "lft").only(*PUBLIC_AGENCY_FIELDS)
        },
    )


def public_agency(code):
    """The agency with this credit code from `public_agencies()`, or None."""
    agency_id = agency_id_for_code(code)
    return public_agencies().get(agency_id) if agency_id else None


def with_agencies(items):
    """Give each item its agency from `public_agencies()`, instead of a join.

    Joining the agency made the item page's query cost more to plan and compile than
    to run (3.4 against 1.5 ms). Every item shares the one cached instance of its
    agency: read it, don't change it. Returns the items as a list.
    """
    agencies = public_agencies()
    items = list(items)
    for item in items:
        if item.agency_id in agencies:
            item.agency = agencies[item.agency_id]
    return items


def agency_ids_by_code():
    """{credit code: id} of every agency (validating a filter, finding an agency)."""
    return _cached("agency-ids", lambda: {row[1]: row[0] for row in agency_rows()})


def directory_keys():
    """The ids of every directory as strings, as a set (validating a filter)."""
    return _cached("directory-keys", lambda: frozenset(str(row[0]) for row in directory_rows()))


def agency_id_for_code(code):
    return agency_ids_by_code().get(code)


def agency_neighbourhood(code=None):
    """(credit code, name indented by depth) of the agencies around the one with `code`.

    Its ancestors, itself and its children, in tree order; with no agency, or an unknown
    one, the top two levels (as the home page). A filter offering every agency was 2,000
    options (~170 KB) on each list and search page at province scale; this stays a few
    dozen, and choosing an agency then offers its children, so any agency is reachable.
    """
    rows = agency_rows()
    index = next((i for i, row in enumerate(rows) if row[1] == code), None)
    if index is None:
        shown = [row for row in rows if row[3] <= 1]
    else:
        shown = [*_ancestors(rows, index), rows[index], *_children(rows, index)]
    return [(code, "　" * level + name) for _id, code, name, level, _kind in shown]


def _ancestors(rows, index):
    """The ancestors of rows[index], root first: in tree order, the nearest row before a
    node with a lower level is its parent."""
    ancestors, level = [], rows[index][3]
    for before in range(index - 1, -1, -1):
        if level == 0:
            break
        if rows[before][3] < level:
            ancestors.append(rows[before])
            level = rows[before][3]
    return ancestors[::-1]


def _children(rows, index):
    """The children of rows[index]: its subtree follows it, until a row of its level or above."""
    level, children = rows[index][3], []
    for row in islice(rows, index + 1, None):
        if row[3] <= level:
            break
        if row[3] == level + 1:
            children.append(row)
    return children


def directory_choices():
    return [(str(pk), "　" * level + name) for pk, name, _p, level, _t in directory_rows()]


def directory_tree(counts=None, township=True):
    """Root nodes with children, each with its own count and its subtree's total.

    `township=False` leaves out the directories only 乡镇 use (条例第二十一条) unless
    they hold items.
    """
    counts = counts or {}
    nodes = {}
    roots = []
    for pk, name, parent_id, level, township_only in directory_rows():
        node = DirectoryNode(pk, name, parent_id, level, township_only, count=counts.get(pk, 0))
        nodes[pk] = node
        parent = nodes.get(parent_id)
        (parent.children if parent else roots).append(node)
    for node in reversed(list(nodes.values())):  # children before parents
        node.total = node.count + sum(child.total for child in node.children)
        if not township:
            node.children = [c for c in node.children if not c.township_only or c.total]
    return roots


def _directory_paths():
    """{directory id: ((id, name), …) from the root down} of every directory."""
    paths = {}
    for pk, name, parent_id, _level, _township in directory_rows():  # parents come first
        paths[pk] = (*paths.get(parent_id, ()), (pk, name))
    return paths


def directory_path(directory_id):
    """[(id, name)] from the root down to the directory; [] if it does not exist.

    Built once per public version for every directory: the API, the downloads and the
    statistics ask for it row by row (50 rows a page of the API)."""
    return list(_cached("directory-paths", _directory_paths).get(directory_id, ()))


def subtree_ids(directory_id):
    """The directory and everything below it (rows are in tree order)."""
    ids, level = [], None
    for pk, _name, _parent, node_level, _t in directory_rows():
        if level is not None:
            if node_level <= level:
                break
            ids.append(pk)
        elif pk == directory_id:
            ids, level = [pk], node_level
    return ids


def root_directory_named(name):
    for pk, node_name, parent_id, _l, _t in directory_rows():
        if parent_id is None and node_name == name:
            return pk
    return None
