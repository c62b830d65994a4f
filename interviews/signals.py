"""What interviews announce to the apps built on them, which subscribe in their AppConfig.ready().

Both are sent inside the transaction that changes the interview, so a receiver's writes
commit or roll back with it. Arguments: ``interview``.
"""

from __future__ import annotations

from django.dispatch import Signal

interview_completed = Signal()
interview_expired = Signal()
