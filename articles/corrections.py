"""Correcting an article's body, and re-anchoring every span that points into it.

The span models are found through the app registry (every concrete ``AnchoredSpan`` with a
foreign key to ``Article``), so ``articles`` never imports ``annotations``. Spans are saved one by
one so that their history records the move; what cannot be placed is flagged orphaned, never
deleted, and listed for review.
"""

import copy
import unicodedata
from dataclasses import dataclass, field

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models, transaction

from articles.anchoring import Anchor, reanchor
from articles.history import keep_state_before_first_change
from articles.models import AnchoredSpan, Article, body_hash
from articles.spans import context_of

REASON = "Re-anchored after the article body was corrected"


@dataclass
class CorrectionReport:
    unchanged: int = 0
    moved: int = 0
    orphaned: int = 0
    placed_again: int = 0  # spans orphaned before that the new body lets us place
    orphans: list[str] = field(default_factory=list)  # "Annotation #12: “text”"

    @property
    def total(self) -> int:
        return self.unchanged + self.moved + self.orphaned + self.placed_again


def normalise_body(body: str) -> str:
    """What a corrected body is stored as: ``\\n`` line ends (browsers send CRLF) and NFC."""
    return unicodedata.normalize("NFC", body.replace("\r\n", "\n").replace("\r", "\n"))


def anchored_span_models() -> list[tuple[type[models.Model], str]]:
    """Every concrete span model with the name of its foreign key to Article."""
    found = []
    for model in apps.get_models():
        if not issubclass(model, AnchoredSpan):
            continue
        for model_field in model._meta.concrete_fields:
            if model_field.is_relation and model_field.related_model is Article:
                found.append((model, model_field.name))
                break
    return found


def article_correct_body(*, article: Article, body: str, user=None) -> CorrectionReport:
    """Save ``article`` with ``body`` as its new text, then re-anchor its spans."""
    body = normalise_body(body)
    if not body.strip():
        raise ValidationError({"body": "The body cannot be empty."})
    if Article.objects.exclude(pk=article.pk).filter(content_hash=body_hash(body)).exists():
        raise ValidationError({"body": "Another article already has exactly this text."})
    report = CorrectionReport()
    with transaction.atomic():
        # Writers of spans read the body FOR SHARE (PostgreSQL) or hold SQLite's write lock: they wait for us.
        old_body = Article.objects.select_for_update().values_list("body", flat=True).get(pk=article.pk)
        article.body = body
        article.save()
        if old_body != body:
            for model, fk_name in anchored_span_models():
                spans = list(model._default_manager.select_for_update().filter(**{fk_name: article}).order_by("pk"))
                _reanchor_spans(spans, fk_name, old_body, article, user, report)
    return report


def _reanchor_spans(spans: list, fk_name: str, old_body: str, article: Article, user, report: CorrectionReport) -> None:
    anchors = [
        Anchor(span.start, span.end, span.span_text, getattr(span, "prefix", ""), getattr(span, "suffix", ""))
        for span in spans
    ]
    for span, placement in zip(spans, reanchor(old_body, article.body, anchors), strict=True):
        as_it_was = copy.copy(span)
        was_orphaned = span.orphaned
        if placement.orphaned:
            if was_orphaned:
                continue  # still lost: nothing to record
            span.orphaned = True
            report.orphaned += 1
            report.orphans.append(f"{span._meta.verbose_name.capitalize()} #{span.pk}: “{span.span_text[:60]}”")
        elif (placement.start, placement.end) == (span.start, span.end) and not was_orphaned:
            report.unchanged += 1
            if not _context_changed(span, article.body):
                continue
        else:
            span.start, span.end, span.orphaned = placement.start, placement.end, False
            if was_orphaned:
                report.placed_again += 1
            else:
                report.moved += 1
        keep_state_before_first_change(as_it_was)
        _save(span, fk_name, article, user)


def _context_changed(span, body: str) -> bool:
    if not hasattr(span, "prefix"):
        return False
    return (span.prefix, span.suffix) != context_of(body, span.start, span.end)


def _save(span, fk_name: str, article: Article, user) -> None:
    if not span.orphaned and hasattr(span, "prefix"):
        span.prefix, span.suffix = context_of(article.body, span.start, span.end)
    if hasattr(span, "version"):
        span.version += 1  # an editor's form opened before the correction is now stale
    setattr(span, fk_name, article)  # its save() checks the span against this (new) body
    span._change_reason = REASON
    span._history_user = user
    span.save()
