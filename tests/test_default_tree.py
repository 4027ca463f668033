"""The default tree has a directory for every item of 条例第二十条 and 第二十一条 (docs/catalog.md §2);
directories added by a later migration leave staff-made directories and every item in place."""

import importlib

import pytest
from django.apps import apps as django_apps

from catalog.models import Directory, Item

from .items import new_item

pytestmark = pytest.mark.django_db

migration = importlib.import_module("catalog.migrations.0017_default_tree_article21")


def path(directory):
    return "/".join(node.name for node in directory.get_ancestors(include_self=True))


def test_article_21_and_government_budget_directories_exist():
    paths = {path(directory) for directory in Directory.objects.all()}
    for name in ["市政建设", "公共服务", "公益事业", "治安管理"]:
        assert f"法定主动公开内容/{name}" in paths
    assert "法定主动公开内容/征收补偿/土地征收" in paths
    assert "法定主动公开内容/财政预决算/本级政府预决算" in paths
    assert "法定主动公开内容/财政预决算/政府债务" in paths
    assert not Directory.objects.get(name="治安管理").township_only


def test_adding_again_keeps_the_tree_and_its_items(agency_a):
    budget = Directory.objects.get(name="部门预算")
    mine = Directory.objects.create(name="本地栏目", parent=budget.parent)
    item = new_item(agency_a, directory=mine)
    Directory.objects.get(name="政府债务").delete()  # as if before the migration
    before = {d.pk: path(d) for d in Directory.objects.all()}
    migration.add_directories(django_apps, None)
    migration.add_directories(django_apps, None)  # safe to run twice
    after = {d.pk: path(d) for d in Directory.objects.all()}
    assert {pk: p for pk, p in after.items() if pk in before} == before
    added = [p for pk, p in after.items() if pk not in before]
    assert added == ["法定主动公开内容/财政预决算/政府债务"]
    # The mptt fields are consistent: a rebuild changes nothing.
    fields = list(
        Directory.objects.order_by("pk").values_list("pk", "tree_id", "lft", "rght", "level")
    )
    Directory.objects.rebuild()
    assert (
        list(Directory.objects.order_by("pk").values_list("pk", "tree_id", "lft", "rght", "level"))
        == fields
    )
    assert Item.objects.get(pk=item.pk).directory == mine
