"""Moderators: staff in the "moderator" group, which holds exactly the rights the admin's moderation needs.

Viewing questions, answers and photos, and moderating questions and answers; no add, change or delete
(the admin is read-only, every change is an action through a service).
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission, User
from django.db import transaction
from django.db.models import Q

MODERATOR_GROUP = "moderator"
# (app label, permission codename)
MODERATOR_PERMISSIONS = [
    ("questions", "view_question"),
    ("questions", "moderate_question"),
    ("answers", "view_answer"),
    ("answers", "moderate_answer"),
    ("answers", "view_answerphoto"),
]


def moderator_group_ensure() -> Group:
    """The moderator group (answers' migration 0002 makes it) with exactly its permissions, made again if it went."""
    group, _ = Group.objects.get_or_create(name=MODERATOR_GROUP)
    wanted = Q()
    for app_label, codename in MODERATOR_PERMISSIONS:
        wanted |= Q(content_type__app_label=app_label, codename=codename)
    group.permissions.set(Permission.objects.filter(wanted))
    return group


@transaction.atomic
def moderator_create(*, username: str, email: str = "") -> tuple[User, bool]:
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
