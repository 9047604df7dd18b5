"""History for rows written in bulk.

Quotes found at import are inserted in bulk, without a history row each: a corpus import would
otherwise write twice as many rows. So that the history of
such a row still shows what a later change replaced, its state as it was is recorded just before its
first change, dated when the row was made and with no user ("found at import").
"""

from django.db import models

REASON_BASELINE = "as found at import (recorded before its first change)"


def keep_state_before_first_change(instance: models.Model) -> bool:
    """Record ``instance`` as it is now when its history is empty; True when a row was written.

    Call it before changing the instance, inside the transaction that saves the change.
    """
    manager = type(instance).history
    if manager.filter(id=instance.pk).exists():
        return False
    manager.bulk_history_create([instance], default_date=instance.created_at, default_change_reason=REASON_BASELINE)
    return True
