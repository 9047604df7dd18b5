"""Full-text search of annotations (exact text and note): see articles/search_index.py."""

import django.contrib.postgres.search
from django.db import migrations, models

import articles.search_index
from articles.search_index import FtsIndex, GinIndex, index_operations


class Migration(migrations.Migration):
    dependencies = [
        ("annotations", "0003_export_log"),
        ("articles", "0003_search_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="annotation",
            name="search_vector",
            field=models.GeneratedField(
                db_persist=True,
                expression=articles.search_index.SearchDocument("exact", "note"),
                help_text="Full-text document (PostgreSQL); filled by the database.",
                output_field=django.contrib.postgres.search.SearchVectorField(),
            ),
        ),
        index_operations(
            sqlite=[FtsIndex("annotations_annotation", ("exact", "note"), (1.0, 0.5))],
            postgresql=[GinIndex("annotation_search_gin", "annotations_annotation", "search_vector")],
        ),
    ]
