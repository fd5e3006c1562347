"""The users the admin tests log in as: a moderator, and plain staff who may only look."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission, User
from django.test import Client

from management.moderators import moderator_create

VIEW_PERMISSIONS = ["view_question", "view_answer", "view_answerphoto"]


def moderator() -> User:
    return moderator_create(username="moderator")[0]


def plain_staff() -> User:
    user = get_user_model().objects.create_user(username="staff", is_staff=True)
    user.user_permissions.set(Permission.objects.filter(codename__in=VIEW_PERMISSIONS))
    return user


def logged_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client
