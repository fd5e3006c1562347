# Items reported before report_count existed were reported at least once.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('answers', '0002_moderation'),
    ]

    operations = [
        migrations.RunSQL(
            "UPDATE answers_answer SET report_count = 1 WHERE reported AND report_count = 0",
            reverse_sql=migrations.RunSQL.noop,
        ),
    ]
