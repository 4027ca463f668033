"""Small factories for catalog items, shared by the staff-side tests."""

import datetime

from catalog.models import Directory, Item


def default_directory():
    # A transactional test flushes the tree that migration 0004 created.
    directory = Directory.objects.filter(name="部门预算").first()
    return directory or Directory.objects.create(name="部门预算")


def new_item(agency, user=None, **fields):
    """A draft item of `agency` with sensible defaults."""
    values = {
        "title": "舒城县财政局2025年部门预算公开",
        "summary": "2025年部门预算及“三公”经费预算情况说明",
        "body": "<p>根据《预算法》规定，现将2025年部门预算公开如下。</p>",
        "written_on": datetime.date(2025, 3, 3),
        "genre": Item.Genre.NOTICE,
        "directory": fields.pop("directory", None) or default_directory(),
        "created_by": user,
    }
    values.update(fields)
    return Item.objects.create(agency=agency, **values)


def cleared(item, reviewer):
    """Record the 保密审查 that publishing needs (条例第十七条), concluding 可以公开."""
    from catalog.models import SecrecyReview

    item.review_secrecy(reviewer, SecrecyReview.Conclusion.CLEARED, "经核对不涉及国家秘密")
    return item


# The 保密审查 a correction records with it (catalog/workflow.py `correct`).
CORRECTION_REVIEW = ("cleared", "经核对更正内容不涉及国家秘密")
CORRECTION_FIELDS = {
    "secrecy_conclusion": "cleared",
    "secrecy_basis": "经核对更正内容不涉及国家秘密",
}


def published_item(agency, drafter, reviewer, **fields):
    item = new_item(agency, drafter, **fields)
    item.submit(drafter)
    cleared(item, reviewer)
    item.publish(reviewer)
    return item
