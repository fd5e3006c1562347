# The admin's Removed filter, built without blocking the API's writes.

from django.contrib.postgres.operations import AddIndexConcurrently
from django.db import migrations, models


class Migration(migrations.Migration):

    atomic = False

    dependencies = [
        ('questions', '0004_moderation_indexes'),
    ]

    operations = [
        AddIndexConcurrently(
            model_name='question',
            index=models.Index(models.OrderBy(models.F('date_written'), descending=True), models.OrderBy(models.F('id'), descending=True), condition=models.Q(('removed', True)), name='question_removed_idx'),
        ),
    ]
