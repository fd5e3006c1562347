"""One moderation status per post instead of the `reported` and `removed` booleans, existing rows kept."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('questions', '0006_questionhelpfulvote'),
    ]

    operations = [
        migrations.AlterModelOptions(
            name='question',
            options={'permissions': [('moderate_question', 'Can restore and remove reported questions')]},
        ),
        migrations.AddField(
            model_name='question',
            name='status',
            field=models.CharField(choices=[('published', 'Published'), ('reported', 'Reported'), ('removed', 'Removed')], db_default='published', default='published', max_length=9),
        ),
        # Each post's state, from the two booleans it replaces: a removed post stays removed; a reported one
        # awaiting review stays in the queue (with at least one report); a reported one a moderator marked
        # reviewed was hidden and out of the queue, which is what removed means now.
        migrations.RunSQL(
            sql="""
                UPDATE questions_question SET
                    status = CASE WHEN reported AND NOT removed AND reviewed_at IS NULL THEN 'reported' ELSE 'removed' END,
                    report_count = CASE WHEN reported AND NOT removed AND reviewed_at IS NULL
                        THEN GREATEST(report_count, 1) ELSE report_count END
                WHERE reported OR removed
            """,
            reverse_sql="UPDATE questions_question SET reported = status <> 'published', removed = status = 'removed'",
        ),
        migrations.RemoveIndex(
            model_name='question',
            name='question_product_list_idx',
        ),
        migrations.RemoveIndex(
            model_name='question',
            name='question_queue_idx',
        ),
        migrations.RemoveIndex(
            model_name='question',
            name='question_reported_idx',
        ),
        migrations.RemoveIndex(
            model_name='question',
            name='question_removed_idx',
        ),
        migrations.RemoveField(
            model_name='question',
            name='removed',
        ),
        migrations.RemoveField(
            model_name='question',
            name='reported',
        ),
        migrations.AddIndex(
            model_name='question',
            index=models.Index(models.F('product_id'), models.OrderBy(models.F('helpfulness'), descending=True), models.F('id'), condition=models.Q(('status', 'published')), name='question_product_list_idx'),
        ),
        migrations.AddIndex(
            model_name='question',
            index=models.Index(models.OrderBy(models.F('date_written'), descending=True), models.OrderBy(models.F('id'), descending=True), condition=models.Q(('status', 'reported')), name='question_queue_idx'),
        ),
        migrations.AddIndex(
            model_name='question',
            index=models.Index(models.OrderBy(models.F('date_written'), descending=True), models.OrderBy(models.F('id'), descending=True), condition=models.Q(('status', 'removed')), name='question_removed_idx'),
        ),
        migrations.AddConstraint(
            model_name='question',
            constraint=models.CheckConstraint(condition=models.Q(('status__in', ['published', 'reported', 'removed'])), name='question_status_valid'),
        ),
        migrations.AddConstraint(
            model_name='question',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('status', 'reported'), _negated=True), ('report_count__gt', 0), _connector='OR'), name='question_reported_was_reported'),
        ),
    ]
