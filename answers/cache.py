from typing import Any

from posts.cache import ListCache

# `GET /qa/questions/:id/answers` documents, per question id.
answer_list_cache = ListCache("answers-of-question")


def answer_list_forget(sender: type, *, question_id: int, **kwargs: Any) -> None:
    """`question_visibility_changed` receiver: a hidden question's answers are a 404, a shown one's a list again."""
    answer_list_cache.invalidate(question_id)
