# The admin's Removed filter, built without blocking the API's writes.

from django.contrib.postgres.operations import AddIndexConcurrently
from django.db import migrations, models


class Migration(migrations.Migration):

    atomic = False

    dependencies = [
        ('answers', '0005_moderator_group'),
        ('questions', '0005_removed_index'),
    ]

    operations = [
        AddIndexConcurrently(
            model_name='answer',
            index=models.Index(models.OrderBy(models.F('date_written'), descending=True), models.OrderBy(models.F('id'), descending=True), condition=models.Q(('removed', True)), name='answer_removed_idx'),
        ),
    ]
