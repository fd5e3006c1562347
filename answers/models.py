from django.db import models

from posts.models import Post, Status
from questions.models import Question


class Answer(Post):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    answerer_name = models.CharField(max_length=60)
    answerer_email = models.EmailField()

    class Meta(Post.Meta):
        permissions = [("moderate_answer", "Can restore and remove reported answers")]
        indexes = [
            # answer_list_for_question, and the answers nested in question_list_for_product.
            models.Index(
                "question",
                models.F("helpfulness").desc(),
                "id",
                name="answer_question_list_idx",
                condition=models.Q(status=Status.PUBLISHED),
            ),
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


class AnswerHelpfulVote(models.Model):
    """One voter's helpful vote on an answer: a voter's repeated votes count once."""

    # The unique (answer, voter) index below also serves the foreign key.
    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="helpful_votes", db_index=False)
    # A keyed hash of the shopper (clients/identity.py): no address or shopper id is stored.
    voter = models.CharField(max_length=32)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["answer", "voter"], name="answer_helpful_vote_once")]

    def __str__(self) -> str:
        return f"Helpful vote on answer {self.answer_id}"
