"""The "moderator" group, with exactly the rights the admin's moderation needs: viewing questions, answers and
photos, and moderating questions and answers (management/moderators.py keeps it so at run time). Written out here,
as it was when this migration was made: a migration doesn't change with the code."""

from django.db import migrations

MODERATOR_GROUP = "moderator"
# (app label, model, permission codename, permission name)
MODERATOR_PERMISSIONS = [
    ("questions", "question", "view_question", "Can view question"),
    ("questions", "question", "moderate_question", "Can restore and remove reported questions"),
    ("answers", "answer", "view_answer", "Can view answer"),
    ("answers", "answer", "moderate_answer", "Can restore and remove reported answers"),
    ("answers", "answerphoto", "view_answerphoto", "Can view answer photo"),
]


def moderator_group_create(apps, schema_editor):
    """The group and its permissions; Django makes the permissions only after the migrations, so here too."""
    content_type_model = apps.get_model("contenttypes", "ContentType")
    permission_model = apps.get_model("auth", "Permission")
    group, _ = apps.get_model("auth", "Group").objects.get_or_create(name=MODERATOR_GROUP)
    permissions = []
    for app_label, model, codename, name in MODERATOR_PERMISSIONS:
        content_type, _ = content_type_model.objects.get_or_create(app_label=app_label, model=model)
        permission, _ = permission_model.objects.get_or_create(
            content_type=content_type, codename=codename, defaults={"name": name}
        )
        permissions.append(permission)
    group.permissions.set(permissions)


def moderator_group_delete(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=MODERATOR_GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("answers", "0001_initial"),
        ("questions", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(moderator_group_create, moderator_group_delete),
    ]
