"""The directory tree of the catalog, managed as a tree (drag and drop, or the parent field).

The tree is shared by all agencies, so only the 公开办 and the 系统管理员 (who hold
add/change_directory, see organisation/roles.py) reshape it; everyone else may look.
A directory that still holds items cannot be deleted (on_delete=PROTECT).
"""

from django.contrib import admin
from django.db import transaction
from mptt.admin import DraggableMPTTAdmin

from organisation.admin_lookups import CheckedListLookups

from ..models import Directory
from ..publicity import bump_public_version


@admin.register(Directory)
class DirectoryAdmin(CheckedListLookups, DraggableMPTTAdmin):
    list_display = ("tree_actions", "indented_title", "township_only", "publication_limit")
    list_display_links = ("indented_title",)
    list_filter = ("township_only",)
    search_fields = ("name",)
    fields = (
        "name",
        "parent",
        "description",
        "township_only",
        ("publication_limit", "limit_in_workdays"),
        "limit_basis",
    )
    mptt_level_indent = 20

    def save_model(self, request, obj, form, change):
        # Tree edits rewrite lft/rght across the tree: one at a time (docs/scale.md).
        with transaction.atomic():
            list(Directory.objects.select_for_update().filter(level=0).values_list("pk"))
            super().save_model(request, obj, form, change)

    def _move_node(self, request):
        with transaction.atomic():
            list(Directory.objects.select_for_update().filter(level=0).values_list("pk"))
            response = super()._move_node(request)
            # A drag and drop moves nodes without save(): the public tree must still refresh.
            transaction.on_commit(bump_public_version)
            return response
