# The index of the answer list's sort=newest and sort=oldest. Built concurrently: a database serving traffic
# keeps answering reads and writes while it builds (minutes on 20M answers).
from django.contrib.postgres.operations import AddIndexConcurrently
from django.db import migrations, models


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("answers", "0002_moderator_group"),
    ]

    operations = [
        AddIndexConcurrently(
            model_name="answer",
            index=models.Index(
                models.F("question"),
                models.F("date_written"),
                models.F("id"),
                condition=models.Q(("status", "published")),
                name="answer_question_dated_idx",
            ),
        ),
    ]
