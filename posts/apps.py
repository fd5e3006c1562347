from django.apps import AppConfig


class PostsConfig(AppConfig):
    """What questions and answers share: the abstract post, its moderation state and its transitions."""

    name = "posts"
