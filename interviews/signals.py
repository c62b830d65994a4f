"""Signals for apps above interviews, which may react but are never imported from here."""

from __future__ import annotations

from django.dispatch import Signal

# Sent inside the answer's transaction with ``response`` (a stored free-text answer); receivers
# must be cheap (a few milliseconds) and must not call out of the process.
text_answer_stored = Signal()
