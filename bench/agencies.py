"""A synthetic province's agency tree: province → cities → counties → departments and townships.

Rows carry their mptt fields (tree_id, lft, rght, level) computed here, so the
tree is loaded with COPY instead of a slow insert per node.
"""

import random
from dataclasses import dataclass, field

from organisation.credit_code import check_character
from organisation.models import Agency

CITIES = [
    "江淮",
    "皖南",
    "淮北",
    "临湖",
    "云岭",
    "桐山",
    "龙泉",
    "青阳",
    "白沙",
    "凤台",
    "石门",
    "双河",
    "清溪",
    "金寨",
    "望江",
    "太和",
    "柳林",
    "松岗",
    "玉泉",
    "丰乐",
]
NAME_CHARS = "东西南北安和平宁泰丰华阳山江河湖桥林石金银新兴永长乐庆福寿明清源溪"
PROVINCE_DEPARTMENTS = [
    "人民政府办公厅",
    "发展和改革委员会",
    "教育厅",
    "财政厅",
    "民政厅",
    "自然资源厅",
    "生态环境厅",
    "住房和城乡建设厅",
    "交通运输厅",
    "水利厅",
    "农业农村厅",
    "卫生健康委员会",
    "应急管理厅",
    "审计厅",
    "市场监督管理局",
    "统计局",
    "医疗保障局",
    "林业局",
]
LOCAL_DEPARTMENTS = [
    "人民政府办公室",
    "发展和改革委员会",
    "教育体育局",
    "公安局",
    "民政局",
    "司法局",
    "财政局",
    "人力资源和社会保障局",
    "自然资源和规划局",
    "住房和城乡建设局",
    "交通运输局",
    "水利局",
    "农业农村局",
    "商务局",
    "文化和旅游局",
    "卫生健康委员会",
    "退役军人事务局",
    "应急管理局",
    "审计局",
    "市场监督管理局",
    "统计局",
    "医疗保障局",
    "林业局",
    "数据资源管理局",
]
TOWNSHIP_KINDS = ["镇人民政府", "乡人民政府", "街道办事处"]


@dataclass
class Node:
    name: str
    kind: str
    children: list = field(default_factory=list)
    id: int = 0
    parent_id: int | None = None
    lft: int = 0
    rght: int = 0
    level: int = 0
    credit_code: str = ""


def credit_code(serial):
    """A valid 统一社会信用代码 of a 机关 (11) in region 34xxxx."""
    first17 = f"11{340000 + serial // 1000:06d}{serial:09d}"
    return first17 + check_character(first17)


def unique_names(rng, count):
    """`count` distinct two-character place names."""
    names = set()
    while len(names) < count:
        names.add(rng.choice(NAME_CHARS) + rng.choice(NAME_CHARS))
    return sorted(names)


COUNTY_UNITS = 20  # at most: 14 departments and 6 townships per county


def build_tree(total, seed=1):
    """A province of exactly `total` agencies (at least 4; at most about 3,500)."""
    rng = random.Random(seed)
    root = Node("江淮省人民政府", Agency.Kind.GOVERNMENT)
    for name in PROVINCE_DEPARTMENTS[: min(len(PROVINCE_DEPARTMENTS), max(1, total // 100))]:
        root.children.append(Node(f"江淮省{name}", Agency.Kind.DEPARTMENT))
    # About 125 agencies per city: its departments and 8 counties.
    cities = [
        (name, Node(f"{name}市人民政府", Agency.Kind.GOVERNMENT))
        for name in CITIES[: max(1, min(len(CITIES), round(total / 125)))]
    ]
    root.children.extend(city for _, city in cities)
    county_names = iter(unique_names(rng, 8 * len(cities)))
    counties = [
        (f"{city_name}市{next(county_names)}县", city)
        for city_name, city in cities
        for _ in range(8)
    ]
    place_names = iter(unique_names(rng, 6 * len(counties)))

    # Everything below the cities, in the order it is added until `total` is reached.
    def candidates():
        county_nodes = []
        for prefix, city in counties:
            node = Node(f"{prefix}人民政府", Agency.Kind.GOVERNMENT)
            county_nodes.append((prefix, node))
            yield city, node
        for city_name, city in cities:
            for department in LOCAL_DEPARTMENTS:
                yield city, Node(f"{city_name}市{department}", Agency.Kind.DEPARTMENT)
        for index in range(COUNTY_UNITS):
            for prefix, county in county_nodes:
                # Every third unit is a township; the others are departments in list order.
                if index % 3 == 2:
                    kind = TOWNSHIP_KINDS[index // 3 % 3]
                    node = Node(f"{prefix}{next(place_names)}{kind}", Agency.Kind.TOWNSHIP)
                else:
                    department = LOCAL_DEPARTMENTS[index - index // 3]
                    node = Node(f"{prefix}{department}", Agency.Kind.DEPARTMENT)
                yield county, node

    count = 1 + len(root.children)
    for parent, node in candidates():
        if count >= total:
            break
        parent.children.append(node)
        count += 1
    nodes = number_tree(root)
    if len(nodes) != total:
        raise ValueError(f"cannot build a province of {total} agencies (got {len(nodes)})")
    return nodes


def number_tree(root):
    """Give every node its id, parent, level and mptt lft/rght (pre-order); return them in order."""
    nodes = []

    def visit(node, parent_id, level, lft):
        node.id = len(nodes) + 1
        node.parent_id = parent_id
        node.level = level
        node.lft = lft
        node.credit_code = credit_code(node.id)
        nodes.append(node)
        right = lft + 1
        for child in node.children:
            right = visit(child, node.id, level + 1, right) + 1
        node.rght = right
        return right

    visit(root, None, 0, 1)
    return nodes
