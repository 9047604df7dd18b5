from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _repair_search_triggers(sender, using, **kwargs):
    from django.db import connections

    from annotations.search import ANNOTATION_FTS
    from articles.search_index import repair_triggers

    repair_triggers(connections[using], [ANNOTATION_FTS])


class AnnotationsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "annotations"
    verbose_name = "Editorial layer"

    def ready(self):
        # SQLite table rebuilds drop the FTS5 triggers: put them back after every migrate.
        post_migrate.connect(_repair_search_triggers, sender=self, dispatch_uid="annotations_search_triggers")
