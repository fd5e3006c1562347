# The index of the question list's sort=newest and sort=oldest. Built concurrently: a database serving traffic
# keeps answering reads and writes while it builds (minutes on 10M questions).
from django.contrib.postgres.operations import AddIndexConcurrently
from django.db import migrations, models


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("questions", "0001_initial"),
    ]

    operations = [
        AddIndexConcurrently(
            model_name="question",
            index=models.Index(
                models.F("product_id"),
                models.F("date_written"),
                models.F("id"),
                condition=models.Q(("status", "published")),
                name="question_product_dated_idx",
            ),
        ),
    ]
