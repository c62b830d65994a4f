"""The kinds' choices come from the registry (a callable): a new kind needs no migration."""

import interviews.kinds
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("interviews", "0010_interview_one_open_per_employee"),
    ]

    operations = [
        migrations.AlterField(
            model_name="question",
            name="kind",
            field=models.CharField(
                choices=interviews.kinds.kind_choices, default="text", max_length=20
            ),
        ),
    ]
