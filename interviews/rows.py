"""The interviews app's tables as ModelRows, one per table: its reads (selectors) and its
writes (the answer service, the event log) share the SQL each builds once per process."""

from __future__ import annotations

from exitbot.lib.rows import ModelRows
from interviews.models import (
    Employee,
    ExperienceEvent,
    Interview,
    InviteToken,
    QuestionSet,
    Response,
)

EMPLOYEES = ModelRows(Employee, "p")
INTERVIEWS = ModelRows(Interview, "i")
QUESTION_SETS = ModelRows(QuestionSet, "s")
RESPONSES = ModelRows(Response, "r")
INVITE_TOKENS = ModelRows(InviteToken, "t")
EVENTS = ModelRows(ExperienceEvent, "e")
