# The admin's indexes, built without blocking the API's writes on a table of millions of rows.

from django.contrib.postgres.operations import AddIndexConcurrently
from django.db import migrations, models


class Migration(migrations.Migration):

    atomic = False

    dependencies = [
        ('questions', '0003_report_count_from_reported'),
    ]

    operations = [
        AddIndexConcurrently(
            model_name='question',
            index=models.Index(models.OrderBy(models.F('date_written'), descending=True), models.OrderBy(models.F('id'), descending=True), condition=models.Q(('reported', True), ('reviewed_at__isnull', True)), name='question_queue_idx'),
        ),
        AddIndexConcurrently(
            model_name='question',
            index=models.Index(models.OrderBy(models.F('date_written'), descending=True), models.OrderBy(models.F('id'), descending=True), condition=models.Q(('reported', True)), name='question_reported_idx'),
        ),
        AddIndexConcurrently(
            model_name='question',
            index=models.Index(models.OrderBy(models.F('date_written'), descending=True), models.OrderBy(models.F('id'), descending=True), name='question_date_idx'),
        ),
        AddIndexConcurrently(
            model_name='question',
            index=models.Index(fields=['product_id'], name='question_product_idx'),
        ),
    ]
