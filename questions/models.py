from django.db import models

from posts.models import HelpfulVote, Post, dated_index, listed_index


class Question(Post):
    product_id = models.BigIntegerField()
    asker_name = models.CharField(max_length=60)
    asker_email = models.EmailField()

    class Meta(Post.Meta):
        permissions = [("moderate_question", "Can restore and remove reported questions")]
        indexes = [
            # The question list (questions/selectors.py).
            listed_index("product_id", name="question_product_list_idx"),
            # Its `sort=newest` and `sort=oldest`.
            dated_index("product_id", name="question_product_dated_idx"),
            *Post.Meta.indexes,
            # the admin's search by product id, reported questions included.
            models.Index(fields=["product_id"], name="question_product_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(product_id__gt=0), name="question_product_id_positive"),
            *Post.Meta.constraints,
        ]

    def __str__(self) -> str:
        return f"Question {self.pk} on product {self.product_id}"


class QuestionHelpfulVote(HelpfulVote):
    # The unique (question, voter) index below also serves the foreign key.
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="helpful_votes", db_index=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["question", "voter"], name="question_helpful_vote_once")]

    def __str__(self) -> str:
        return f"Helpful vote on question {self.question_id}"
