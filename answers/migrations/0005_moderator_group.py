# The "moderator" group (management/moderators.py): exactly what the admin's moderation actions need.

from django.db import migrations

from management.moderators import MODERATOR_GROUP, moderator_group_ensure


def moderator_group_create(apps, schema_editor):
    moderator_group_ensure(apps=apps)


def moderator_group_delete(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=MODERATOR_GROUP).delete()


class Migration(migrations.Migration):

    dependencies = [
        ('answers', '0004_moderation_indexes'),
        ('questions', '0004_moderation_indexes'),
        ('auth', '0012_alter_user_first_name_max_length'),
        ('contenttypes', '0002_remove_content_type_name'),
    ]

    operations = [
        migrations.RunPython(moderator_group_create, moderator_group_delete),
    ]
