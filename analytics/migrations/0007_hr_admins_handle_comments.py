"""HR admins hold every permission: add the ones that came with themes and sensitive comments.

Only HR admins handle the sensitive-comment queue (``view_sensitive``); HR staff and Analysts
get nothing new.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

MODELS = ["answertheme", "sensitivecomment", "themecorrection", "emergingtopic"]


def grant(apps, schema_editor):
    app_config = apps.get_app_config("analytics")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    hr_admins, _ = Group.objects.get_or_create(name="HR admins")
    hr_admins.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="analytics", content_type__model__in=MODELS
        )
    )


class Migration(migrations.Migration):
    dependencies = [("analytics", "0006_themes_and_sensitive_comments")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
