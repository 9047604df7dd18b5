from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _repair_search_triggers(sender, using, **kwargs):
    from django.db import connections

    from articles.search import ARTICLE_FTS, QUOTE_FTS
    from articles.search_index import repair_triggers

    repair_triggers(connections[using], [ARTICLE_FTS, QUOTE_FTS])


class ArticlesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "articles"
    verbose_name = "Corpus"

    def ready(self):
        # SQLite table rebuilds drop the FTS5 triggers: put them back after every migrate.
        post_migrate.connect(_repair_search_triggers, sender=self, dispatch_uid="articles_search_triggers")
