"""What interviews announce to the apps built on them, which subscribe in their AppConfig.ready().

All are sent inside the transaction that changes the interview, so a receiver's writes
commit or roll back with it. Arguments: ``interview``; for text_answer_stored, ``response``
and ``text`` (a stored, non-empty free-text answer or follow-up answer to that response), whose
receivers must be cheap (a few milliseconds) and must not call out of the process.
"""

from __future__ import annotations

from django.dispatch import Signal

interview_completed = Signal()
interview_expired = Signal()
text_answer_stored = Signal()
