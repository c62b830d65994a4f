"""The three roles as groups, each with exactly the permissions it needs.

HR admins get every permission; HR staff run interviews and read transcripts; Analysts read
statistics only (raw comments need the separate view_free_text grant). Other apps add their own
permissions to the same groups, found or created by name.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

HR_STAFF = [
    ("interviews", "view_employee"),
    ("interviews", "add_employee"),
    ("interviews", "change_employee"),
    ("interviews", "view_interview"),
    ("interviews", "add_interview"),
    ("interviews", "change_interview"),
    ("interviews", "view_questionset"),
    ("interviews", "view_question"),
    ("interviews", "view_response"),
]
ANALYSTS = [
    ("analytics", "view_questionstats"),
    ("interviews", "view_experienceevent"),
]


def create_roles(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    hr_admins, _ = Group.objects.get_or_create(name="HR admins")
    hr_admins.permissions.add(*Permission.objects.all())
    for name, wanted in (("HR staff", HR_STAFF), ("Analysts", ANALYSTS)):
        group, _ = Group.objects.get_or_create(name=name)
        for app_label, codename in wanted:
            group.permissions.add(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )


class Migration(migrations.Migration):
    dependencies = [
        ("analytics", "0004_free_text_permission"),
        ("analytics", "0004_experienceevent_to_interviews"),
        ("interviews", "0010_interview_one_open_per_employee"),
        ("integrations", "0002_webhookdelivery_next_attempt_at"),
        ("feedback", "0002_seed_surveys_and_groups"),
        ("rollout", "0003_phase_durations_from_plan"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
