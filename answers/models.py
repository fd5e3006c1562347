from django.db import models

from posts.models import HelpfulVote, Post, dated_index, listed_index
from questions.models import Question

# The most photos an answer has: the API takes no more, the seed makes no more.
MAX_PHOTOS_PER_ANSWER = 5


class Answer(Post):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    answerer_name = models.CharField(max_length=60)
    answerer_email = models.EmailField()

    class Meta(Post.Meta):
        permissions = [("moderate_answer", "Can restore and remove reported answers")]
        indexes = [
            # The answer list (answers/selectors.py), and the answers the question list nests.
            listed_index("question", name="answer_question_list_idx"),
            # Its `sort=newest` and `sort=oldest`.
            dated_index("question", name="answer_question_dated_idx"),
            # The admin's search by question id uses the foreign key's index.
            *Post.Meta.indexes,
        ]

    def __str__(self) -> str:
        return f"Answer {self.pk} to question {self.question_id}"


class AnswerPhoto(models.Model):
    # The (answer, id) index below serves both the foreign key and the photo order.
    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="photos", db_index=False)
    url = models.URLField(max_length=2048)

    class Meta:
        indexes = [models.Index(fields=["answer", "id"], name="answer_photo_answer_idx")]

    def __str__(self) -> str:
        return self.url


class AnswerHelpfulVote(HelpfulVote):
    # The unique (answer, voter) index below also serves the foreign key.
    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="helpful_votes", db_index=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["answer", "voter"], name="answer_helpful_vote_once")]

    def __str__(self) -> str:
        return f"Helpful vote on answer {self.answer_id}"
