"""One moderation status per post instead of the `reported` and `removed` booleans, existing rows kept."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('answers', '0007_answerhelpfulvote'),
        ('questions', '0007_moderation_status'),
    ]

    operations = [
        migrations.AlterModelOptions(
            name='answer',
            options={'permissions': [('moderate_answer', 'Can restore and remove reported answers')]},
        ),
        migrations.AddField(
            model_name='answer',
            name='status',
            field=models.CharField(choices=[('published', 'Published'), ('reported', 'Reported'), ('removed', 'Removed')], db_default='published', default='published', max_length=9),
        ),
        # Each post's state, from the two booleans it replaces: a removed post stays removed; a reported one
        # awaiting review stays in the queue (with at least one report); a reported one a moderator marked
        # reviewed was hidden and out of the queue, which is what removed means now.
        migrations.RunSQL(
            sql="""
                UPDATE answers_answer SET
                    status = CASE WHEN reported AND NOT removed AND reviewed_at IS NULL THEN 'reported' ELSE 'removed' END,
                    report_count = CASE WHEN reported AND NOT removed AND reviewed_at IS NULL
                        THEN GREATEST(report_count, 1) ELSE report_count END
                WHERE reported OR removed
            """,
            reverse_sql="UPDATE answers_answer SET reported = status <> 'published', removed = status = 'removed'",
        ),
        migrations.RemoveIndex(
            model_name='answer',
            name='answer_question_list_idx',
        ),
        migrations.RemoveIndex(
            model_name='answer',
            name='answer_queue_idx',
        ),
        migrations.RemoveIndex(
            model_name='answer',
            name='answer_reported_idx',
        ),
        migrations.RemoveIndex(
            model_name='answer',
            name='answer_removed_idx',
        ),
        migrations.RemoveField(
            model_name='answer',
            name='removed',
        ),
        migrations.RemoveField(
            model_name='answer',
            name='reported',
        ),
        migrations.AddIndex(
            model_name='answer',
            index=models.Index(models.F('question'), models.OrderBy(models.F('helpfulness'), descending=True), models.F('id'), condition=models.Q(('status', 'published')), name='answer_question_list_idx'),
        ),
        migrations.AddIndex(
            model_name='answer',
            index=models.Index(models.OrderBy(models.F('date_written'), descending=True), models.OrderBy(models.F('id'), descending=True), condition=models.Q(('status', 'reported')), name='answer_queue_idx'),
        ),
        migrations.AddIndex(
            model_name='answer',
            index=models.Index(models.OrderBy(models.F('date_written'), descending=True), models.OrderBy(models.F('id'), descending=True), condition=models.Q(('status', 'removed')), name='answer_removed_idx'),
        ),
        migrations.AddConstraint(
            model_name='answer',
            constraint=models.CheckConstraint(condition=models.Q(('status__in', ['published', 'reported', 'removed'])), name='answer_status_valid'),
        ),
        migrations.AddConstraint(
            model_name='answer',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('status', 'reported'), _negated=True), ('report_count__gt', 0), _connector='OR'), name='answer_reported_was_reported'),
        ),
    ]
