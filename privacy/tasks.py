"""Celery interface for retention."""

from __future__ import annotations

from celery import shared_task


@shared_task
def expired_purge_task() -> dict[str, int]:
    """Delete data past RETENTION_DAYS (Celery beat, nightly)."""
    from privacy.services import expired_purge

    return expired_purge()
