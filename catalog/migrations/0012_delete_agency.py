"""The catalog forgets its old Agency model (state only; the table is organisation's now).

The requests and reports apps repoint their foreign keys first (their migrations say
`run_before` this one), so the catalog's migrations name no app above it.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("catalog", "0011_agencies_and_calendar_leave")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="Agency")]
        ),
    ]
