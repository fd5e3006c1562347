# The stored text-search document of each post (posts/search.py). Nullable, no default: adding it rewrites
# nothing and takes its lock for a moment, on a database serving traffic too.
import django.contrib.postgres.search
from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("questions", "0002_dated_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="question",
            name="search_document",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
    ]
