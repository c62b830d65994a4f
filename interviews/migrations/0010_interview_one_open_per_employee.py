"""One open interview per employee, held by the database (a partial unique index).

An existing database with two open interviews for one employee (only possible through
the race this closes) must cancel one first; the migration then fails loudly, not silently.
"""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("interviews", "0009_integration_models_to_integrations"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddConstraint(
            model_name="interview",
            constraint=models.UniqueConstraint(
                condition=models.Q(("status__in", ["pending", "in_progress"])),
                fields=("employee",),
                name="interview_one_open_per_employee",
            ),
        ),
    ]
