from __future__ import annotations

import datetime
import functools
import json
import random
import secrets
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser
from django.db.models import F
from django.utils import timezone

from analytics.services import question_stats_compute
from interviews.housekeeping import interviews_expire_due
from interviews.invites import invite_url_issue
from interviews.models import ExperienceEvent, Interview, Question, Response
from interviews.selectors import interview_state_get
from interviews.services.answers import interview_answer_submit
from interviews.services.interviews import (
    employee_upsert,
    interview_cancel,
    interview_classify,
    interview_create,
    interview_open,
)

DEPARTMENTS = ["Engineering", "Sales", "Support", "Finance"]
FIRST_NAMES = [
    "Alex", "Sam", "Robin", "Jo", "Kim", "Lee", "Noor", "Ada", "Ravi", "Mia", "Tomas", "Yuki",
    "Ines", "Omar", "Lena", "Paul", "Zoe", "Ivan", "Nia", "Ben", "Chen", "Eva", "Luca",
]  # fmt: skip
NAMES = [
    "Ada Lovelace", "Grace Hopper", "Alan Turing", "Katherine Johnson", "Edsger Dijkstra",
    "Barbara Liskov", "Donald Knuth", "Frances Allen", "Ken Thompson", "Radia Perlman",
    "Linus Torvalds", "Margaret Hamilton", "John Backus", "Hedy Lamarr", "Dennis Ritchie",
    "Shafi Goldwasser", "Tim Berners-Lee", "Annie Easley", "Niklaus Wirth", "Sophie Wilson",
]  # fmt: skip
# Comments written for exitbot's theme classifier: varied, realistic, labelled.
CORPUS = settings.BASE_DIR / "analytics" / "corpus" / "train.jsonl"
# A concern that came up lately and fits no theme: the demo's emerging topic.
EMERGING = settings.BASE_DIR / "analytics" / "corpus" / "emerging_demo.jsonl"
RECENT_DAYS = 60
ADMIN_USERNAME = "hradmin"


@functools.cache
def _comments(path: Path = CORPUS) -> list[str]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line)["text"] for line in handle]


def _demo_seconds(question: Question, answer: Any, rng: random.Random) -> int:
    """Time to answer as people take it: seconds for a click, minutes for a long comment."""
    if not question.kind_spec.free_text:
        return max(2, round(rng.lognormvariate(2.0, 0.6)))
    typing = len(str(answer or "")) / rng.uniform(1.5, 4.0)
    return min(900, round(rng.uniform(5, 40) + typing))


def _demo_answer(question: Question, rng: random.Random) -> Any:
    spec = question.kind_spec
    if not spec.free_text:
        return spec.demo_answer(question.choices, rng)
    # Free text comes from the labelled corpus, so the themes and comments pages have material.
    if not question.required and rng.random() < 0.15:
        return ""
    return rng.choice(_comments())


class Command(BaseCommand):
    help = (
        "Load demo data: an HR admin login, employees and interviews in every status, and one "
        "open invite link, all printed. Safe to run again: it resets the admin password and "
        "prints a fresh link."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seed", type=int, default=7, help="random seed for the answers")

    def handle(self, *args: Any, seed: int, **options: Any) -> None:
        rng = random.Random(seed)  # noqa: S311 - demo data, not security
        password = secrets.token_urlsafe(9)
        user_model = get_user_model()
        admin, _ = user_model.objects.get_or_create(
            username=ADMIN_USERNAME, defaults={"email": "hr-admin@example.com"}
        )
        admin.is_staff = admin.is_superuser = True
        admin.set_password(password)
        admin.save()
        if not Interview.objects.filter(employee__employee_id__startswith="DEMO-").exists():
            # No surrounding transaction: events are written on commit, and are backdated
            # with their interview right after.
            self._interviews(rng, admin)
        link = self._open_link(admin)
        self.stdout.write(self.style.SUCCESS("Demo data is ready."))
        self.stdout.write(f"  HR admin:     {ADMIN_USERNAME} / {password}  (at /admin/)")
        self.stdout.write(f"  Open invite:  {link}")

    def _interviews(self, rng: random.Random, admin: Any) -> None:
        today = timezone.localdate()
        statuses = (
            ["completed"] * 52 + ["in_progress"] * 10 + ["pending", "cancelled", "expired"] * 4
        )
        for number, status in enumerate(statuses, start=1):
            first, last = FIRST_NAMES[number % len(FIRST_NAMES)], NAMES[number % len(NAMES)]
            name = f"{first} {last.split()[-1]}"
            employee = employee_upsert(
                employee_id=f"DEMO-{number:03d}",
                name=name,
                work_email=f"{first.lower()}.{number}@example.com",
                department=rng.choice(DEPARTMENTS) if number % 17 else "Legal",
                job_title="Engineer" if number % 2 else "Specialist",
                exit_date=today - datetime.timedelta(days=rng.randint(0, 60)),
            )
            # The answered demo interviews use predefined questions whatever the rollout says:
            # in LLM mode a follow-up would interrupt the scripted answers below.
            interview = interview_create(
                employee=employee, created_by=admin, mode=Interview.Mode.PREDEFINED
            ).interview
            if status == "cancelled":
                interview_cancel(interview=interview)
                continue
            days = rng.randint(0, 150)
            if status != "pending":
                self._answer(interview_open(interview=interview), status, rng, days < RECENT_DAYS)
            self._backdate(interview, days, expired=status == "expired")
        interviews_expire_due()
        question_stats_compute(day=today)
        call_command("read_comments", stdout=self.stdout)

    def _answer(self, interview: Interview, status: str, rng: random.Random, recent: bool) -> None:
        answers = 99 if status == "completed" else rng.randint(1, 6)
        emerging = recent and rng.random() < 0.7
        for _ in range(answers):
            question = interview_state_get(interview=interview).progress.current
            if question is None:
                break
            answer = _demo_answer(question, rng)
            if emerging and answer and question.kind_spec.free_text:
                answer, emerging = rng.choice(_comments(EMERGING)), False
            interview_answer_submit(interview=interview, question_id=question.pk, raw=answer)
            Response.objects.filter(interview=interview, question=question).update(
                seconds_spent=_demo_seconds(question, answer, rng)
            )
        if status == "completed":
            interview_classify(
                interview=interview,
                exit_type=rng.choice(["voluntary"] * 4 + ["involuntary"]),
                regrettable=rng.random() < 0.4,
            )

    def _backdate(self, interview: Interview, days: int, expired: bool) -> None:
        """Spread the demo over the past months so trends have something to show."""
        shift = datetime.timedelta(days=days)
        fields = ["created_at", "started_at", "completed_at", "last_activity_at"]
        Interview.objects.filter(pk=interview.pk).update(
            **{name: F(name) - shift for name in fields},
            expires_at=timezone.now() - datetime.timedelta(days=1) if expired else F("expires_at"),
        )
        Response.objects.filter(interview=interview).update(created_at=F("created_at") - shift)
        ExperienceEvent.objects.filter(interview=interview).update(
            created_at=F("created_at") - shift
        )

    def _open_link(self, admin: Any) -> str:
        employee = employee_upsert(
            employee_id="DEMO-OPEN",
            name="Sam Example",
            work_email="sam@example.com",
            department="Engineering",
        )
        interview = employee.interviews.filter(status__in=Interview.OPEN_STATUSES).first()
        if interview is None:
            return interview_create(employee=employee, created_by=admin).invite_url
        return invite_url_issue(interview=interview)
