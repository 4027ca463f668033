"""Who reviews an agency's decisions and which court hears a lawsuit against it, named in every
answer letter's remedies (docs/legal-rules.md §5).

行政复议法（2023）第二十四条: a department, a 派出机关 or 派出机构 of the government, or a township
is reviewed by the 本级 / 上一级人民政府 — the nearest 人民政府 above it in the agency tree; a
人民政府 by the 人民政府 above it. 第二十七条: a vertically led agency (税务, 海关, 金融, 外汇管理,
国家安全) by its higher department, which the tree of a county does not hold, so the agency must name
it. An agency's own `review_body` / `court` always wins: the tree cannot know every local rule
(集中管辖 of administrative cases, a 省级人民政府 reviewing itself under 第二十四条第二款).
"""

from .models import Agency


def _government_above(agency):
    """The nearest 人民政府 strictly above `agency` in the tree, or None."""
    for ancestor in reversed(agency.get_ancestors()):
        if ancestor.kind == Agency.Kind.GOVERNMENT:
            return ancestor
    return None


def review_body(agency):
    """The name of the 行政复议机关 for `agency`'s decisions, or "" when it cannot be determined
    (a vertically led agency without an entered name, or a government at the top of the tree)."""
    if agency.review_body:
        return agency.review_body
    if agency.vertically_led:
        return ""  # 第二十七条: the higher department is outside the tree; it must be entered
    government = _government_above(agency)
    return government.name if government else ""


def _place(government_name):
    """ "舒城县人民政府" → "舒城县"."""
    return government_name.removesuffix("人民政府")


def court(agency):
    """The court that hears a lawsuit against `agency`, or "" when it cannot be determined.

    行政诉讼法第十四条、第十八条: the 基层人民法院 of the place of the agency; 第十五条第（一）项:
    a case against a 县级以上地方人民政府 goes to the 中级人民法院 of the city above it.
    """
    if agency.court:
        return agency.court
    if agency.kind == Agency.Kind.GOVERNMENT:
        above = _government_above(agency)
        return f"{_place(above.name)}中级人民法院" if above else ""
    government = _government_above(agency)
    return f"{_place(government.name)}人民法院" if government else ""
