"""正文: a real editor in the admin (self-hosted django-prose-editor, started from a static
file so the CSP holds), and plain text keeps its paragraphs wherever it comes from.

Before, a 信息员 typing plain lines into the box got one run-on paragraph on the public page.
"""

import re

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from catalog.models import Item
from organisation.roles import INFORMATION_OFFICER

from .items import new_item
from .test_catalog_admin import ADD, form_data, item_fields

pytestmark = pytest.mark.django_db

TYPED = "一、基本情况\r\n按照县委、县政府统一部署。\r\n\r\n二、主要内容\r\n详见附表。"
PARAGRAPHS = (
    "<p>一、基本情况</p><p>按照县委、县政府统一部署。</p><p>二、主要内容</p><p>详见附表。</p>"
)


@pytest.fixture
def drafter(make_staff, agency_a):
    return make_staff("a_drafter", [INFORMATION_OFFICER], [agency_a])


def test_the_body_box_is_the_self_hosted_editor_without_inline_script(client, drafter):
    client.force_login(drafter)
    html = client.get(ADD).content.decode()
    assert re.search(r'<textarea name="body"[^>]*data-item-editor="正文"', html)
    assert '<script src="/static/js/item-editor.js" type="module"></script>' in html
    assert 'href="/static/django_prose_editor/editor.css"' in html
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)  # no inline script at all
    assert "importmap" not in html


def test_plain_lines_typed_without_the_editor_keep_their_paragraphs(client, drafter, agency_a):
    client.force_login(drafter)
    response = client.post(ADD, form_data(client, ADD, **item_fields(agency_a, body=TYPED)))
    assert response.status_code == 302
    assert Item.objects.get().body == PARAGRAPHS


def test_what_the_editor_sends_is_still_sanitised(client, drafter, agency_a):
    client.force_login(drafter)
    sent = '<h2>标题</h2><p onclick="x()">段落<script>alert(1)</script></p><table><tbody><tr><td>1</td></tr></tbody></table>'
    client.post(ADD, form_data(client, ADD, **item_fields(agency_a, body=sent)))
    assert Item.objects.get().body == (
        "<h2>标题</h2><p>段落</p><table><tbody><tr><td>1</td></tr></tbody></table>"
    )


def test_a_plain_text_body_becomes_paragraphs_on_save(agency_a):
    assert new_item(agency_a, body=TYPED).body == PARAGRAPHS
    assert new_item(agency_a, body="a < b 且 c > d").body == "<p>a &lt; b 且 c &gt; d</p>"


@pytest.mark.django_db(transaction=True)
def test_the_migration_turns_stored_plain_bodies_into_paragraphs(agency_a):
    """Rows made now, then the schema taken back to before the migration: later migrations add
    columns the current model reads, so the bodies are read and written in SQL meanwhile."""
    plain, html = new_item(agency_a, title="纯文本"), new_item(agency_a, title="HTML")
    MigrationExecutor(connection).migrate([("catalog", "0012_delete_agency")])
    with connection.cursor() as cursor:
        cursor.execute("UPDATE catalog_item SET body = %s WHERE id = %s", [TYPED, plain.pk])
    MigrationExecutor(connection).migrate([("catalog", "0013_plain_text_bodies_to_paragraphs")])
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id, body FROM catalog_item WHERE id IN (%s, %s)", [plain.pk, html.pk]
        )
        bodies = dict(cursor.fetchall())
    assert bodies == {plain.pk: PARAGRAPHS, html.pk: html.body}
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
