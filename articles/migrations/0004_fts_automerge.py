"""SQLite: let 16 FTS5 segments of a level pile up before merging (default 4), so imports index
faster; see FtsAutomerge. Nothing on PostgreSQL."""

from django.db import migrations

from articles.search_index import FtsAutomerge, index_operations


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0003_search_indexes"),
    ]

    operations = [
        index_operations(
            sqlite=[FtsAutomerge("articles_article_fts", 16), FtsAutomerge("articles_quote_fts", 16)],
        ),
    ]
