"""Bodies stored as plain text (typed into the plain box before the editor) become paragraphs:
one <p> a line, as `sanitise.clean_body` now makes them. HTML bodies are left as they are."""

import re

from django.db import migrations

TAG = re.compile(r"</?[a-zA-Z][a-zA-Z0-9]*(\s[^<>]*)?/?>")


def to_paragraphs(apps, schema_editor):
    from catalog.sanitise import clean_body

    Item = apps.get_model("catalog", "Item")
    changed = []
    for item in Item.objects.exclude(body="").only("pk", "body").iterator(chunk_size=2000):
        if not TAG.search(item.body):
            item.body = clean_body(item.body)
            changed.append(item)
    Item.objects.bulk_update(changed, ["body"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [("catalog", "0012_delete_agency")]

    operations = [migrations.RunPython(to_paragraphs, migrations.RunPython.noop)]
