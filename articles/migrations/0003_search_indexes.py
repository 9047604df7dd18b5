"""Full-text search: stored tsvectors with GIN indexes on PostgreSQL, FTS5 tables on SQLite.

One set for both engines (see articles/search_index.py): the generated columns compile to NULL on
SQLite, and the RunPython operation builds only the current engine's indexes.
"""

import django.contrib.postgres.search
from django.db import migrations, models

import articles.search_index
from articles.search_index import FtsIndex, GinIndex, KeepInline, index_operations


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0002_import_batch_interrupted"),
    ]

    operations = [
        migrations.AddField(
            model_name="article",
            name="search_vector",
            field=models.GeneratedField(
                db_persist=True,
                expression=articles.search_index.SearchDocument("title", "body"),
                help_text="Full-text document (PostgreSQL); filled by the database.",
                output_field=django.contrib.postgres.search.SearchVectorField(),
            ),
        ),
        migrations.AddField(
            model_name="quote",
            name="search_vector",
            field=models.GeneratedField(
                db_persist=True,
                expression=articles.search_index.SearchDocument("text"),
                help_text="Full-text document (PostgreSQL); filled by the database.",
                output_field=django.contrib.postgres.search.SearchVectorField(),
            ),
        ),
        index_operations(
            sqlite=[
                FtsIndex("articles_article", ("title", "body"), (2.5, 1.0)),
                FtsIndex("articles_quote", ("text",), (1.0,)),
            ],
            postgresql=[
                GinIndex("article_search_gin", "articles_article", "search_vector"),
                GinIndex("article_title_search_gin", "articles_article", "to_tsvector('english'::regconfig, title)"),
                GinIndex("quote_search_gin", "articles_quote", "search_vector"),
                KeepInline("articles_article", "search_vector"),
            ],
        ),
    ]
