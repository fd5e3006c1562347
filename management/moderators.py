"""Moderators: staff in the "moderator" group, which holds exactly the rights the admin's moderation needs.

Viewing questions, answers and photos, and moderating questions and answers; no add, change or delete
(the admin is read-only, every change is an action through a service).
"""

from django.apps import apps as global_apps
from django.apps.registry import Apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractUser, Group
from django.db import transaction

MODERATOR_GROUP = "moderator"
# (app label, model, permission codename, permission name)
MODERATOR_PERMISSIONS = [
    ("questions", "question", "view_question", "Can view question"),
    ("questions", "question", "moderate_question", "Can restore and remove reported questions"),
    ("answers", "answer", "view_answer", "Can view answer"),
    ("answers", "answer", "moderate_answer", "Can restore and remove reported answers"),
    ("answers", "answerphoto", "view_answerphoto", "Can view answer photo"),
]


def moderator_group_ensure(*, apps: Apps = global_apps) -> Group:
    """The moderator group with exactly its permissions, created as needed.

    A migration passes its historical `apps`: it runs before Django creates the permissions.
    """
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
    return group


@transaction.atomic
def moderator_create(*, username: str, email: str = "") -> tuple[AbstractUser, bool]:
    """Make `username` a staff moderator, creating the user (without a usable password) if needed.

    Returns the user and whether it was created.
    """
    user, created = get_user_model().objects.get_or_create(username=username, defaults={"email": email})
    if created:
        user.set_unusable_password()
    user.is_staff = True
    user.save()
    user.groups.add(moderator_group_ensure())
    return user, created
