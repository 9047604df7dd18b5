"""History for rows written in bulk.

Quotes found at import are inserted in bulk, without a history row each: a corpus import would
otherwise write twice as many rows. So that the history of
such a row still shows what a later change replaced, its state as it was is recorded just before its
first change, dated when the row was made and with no user ("found at import").
"""

from collections.abc import Sequence

from django.db import models

REASON_BASELINE = "as found at import (recorded before its first change)"


def keep_state_before_first_change(instance: models.Model) -> bool:
    """Record ``instance`` as it is now when its history is empty; True when a row was written.

    Call it before changing the instance, inside the transaction that saves the change.
    """
    return keep_states_before_first_change([instance]) == 1


def keep_states_before_first_change(instances: Sequence[models.Model]) -> int:
    """``keep_state_before_first_change`` for many rows of one model, in two queries; the count
    of rows recorded."""
    if not instances:
        return 0
    manager = type(instances[0]).history
    recorded = set(manager.filter(id__in=[i.pk for i in instances]).values_list("id", flat=True))
    first = [instance for instance in instances if instance.pk not in recorded]
    for instance in first:
        instance._history_date = instance.created_at  # each dated when its row was made
    try:
        manager.bulk_history_create(first, default_change_reason=REASON_BASELINE)
    finally:
        for instance in first:
            del instance._history_date  # or the change saved next would carry that date too
    return len(first)
