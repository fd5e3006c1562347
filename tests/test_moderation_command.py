"""create_moderator: a staff user in the "moderator" group, which has exactly the moderation rights."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse

pytestmark = pytest.mark.django_db

MODERATOR_RIGHTS = {
    "questions.view_question",
    "questions.moderate_question",
    "answers.view_answer",
    "answers.moderate_answer",
    "answers.view_answerphoto",
}


def create_moderator(*args: str) -> str:
    out = StringIO()
    call_command("create_moderator", *args, stdout=out)
    return out.getvalue()


def test_the_moderator_group_has_exactly_the_rights_moderation_needs():
    create_moderator("mo")

    group = Group.objects.get(name="moderator")

    assert {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()} == MODERATOR_RIGHTS


def test_it_creates_a_staff_moderator_who_sets_a_password_and_logs_in(client):
    output = create_moderator("mo", "--email", "mo@example.com")
    user = get_user_model().objects.get(username="mo")
    user.set_password("a long passphrase")
    user.save()

    logged_in = client.login(username="mo", password="a long passphrase")
    queue = client.get(reverse("admin:answers_answer_changelist"))

    assert output == "Created the moderator mo. Set a password: manage.py changepassword mo\n"
    assert (user.is_staff, user.is_superuser, user.email) == (True, False, "mo@example.com")
    assert user.get_all_permissions() == MODERATOR_RIGHTS
    assert logged_in
    assert [choice for choice, _ in queue.context["action_form"].fields["action"].choices][1:] == [
        "restore",
        "remove",
    ]


def test_it_makes_an_existing_user_a_moderator_and_keeps_their_password():
    user = get_user_model().objects.create_user(username="jo", password="a long passphrase")

    output = create_moderator("jo")

    user.refresh_from_db()
    assert output == "jo is now a moderator.\n"
    assert user.is_staff
    assert user.check_password("a long passphrase")
    assert user.groups.filter(name="moderator").exists()
