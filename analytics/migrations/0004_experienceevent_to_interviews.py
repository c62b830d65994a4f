"""The interview event log now belongs to interviews (its 0008); the table stays as it is."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("analytics", "0003_additive_partials_and_computed_days"),
        ("interviews", "0008_experienceevent_from_analytics"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="ExperienceEvent")],
        ),
    ]
