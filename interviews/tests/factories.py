from __future__ import annotations

import datetime

import factory
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.utils import timezone
from factory.django import DjangoModelFactory

from exitbot.lib.tokens import token_hash
from interviews.binding import COOKIE, Binding, binding_get, binding_save
from interviews.models import (
    Employee,
    ExperienceEvent,
    Interview,
    InviteToken,
    Question,
    QuestionSet,
    Response,
)


class EmployeeFactory(DjangoModelFactory[Employee]):
    class Meta:
        model = Employee

    employee_id = factory.Sequence(lambda n: f"E{n:05d}")
    name = factory.Faker("name")
    work_email = factory.Faker("company_email")
    department = "Engineering"
    job_title = "Engineer"


class QuestionSetFactory(DjangoModelFactory[QuestionSet]):
    class Meta:
        model = QuestionSet

    name = "Test set"
    slug = factory.Sequence(lambda n: f"test-set-{n}")
    version = 1
    status = QuestionSet.Status.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)

    class Params:
        draft = factory.Trait(status=QuestionSet.Status.DRAFT, published_at=None)


class QuestionFactory(DjangoModelFactory[Question]):
    class Meta:
        model = Question

    question_set = factory.SubFactory(QuestionSetFactory)
    key = factory.Sequence(lambda n: f"question_{n}")
    text = factory.Sequence(lambda n: f"Question number {n}?")
    kind = Question.Kind.TEXT
    order = factory.Sequence(lambda n: n * 10)


class InterviewFactory(DjangoModelFactory[Interview]):
    class Meta:
        model = Interview

    employee = factory.SubFactory(EmployeeFactory)
    question_set = factory.SubFactory(QuestionSetFactory)
    expires_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=14))

    class Params:
        in_progress = factory.Trait(
            status=Interview.Status.IN_PROGRESS,
            started_at=factory.LazyFunction(timezone.now),
            last_activity_at=factory.LazyFunction(timezone.now),
        )
        expired = factory.Trait(
            status=Interview.Status.EXPIRED,
            expires_at=factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=1)),
        )


class InviteTokenFactory(DjangoModelFactory[InviteToken]):
    class Meta:
        model = InviteToken

    class Params:
        token = factory.Sequence(lambda n: f"test-token-{n}")

    interview = factory.SubFactory(InterviewFactory)
    token_hash = factory.LazyAttribute(lambda o: token_hash(o.token))


class ResponseFactory(DjangoModelFactory[Response]):
    class Meta:
        model = Response

    interview = factory.SubFactory(InterviewFactory)
    question = factory.SubFactory(QuestionFactory)
    value = "An answer"
    employee_message = "An answer"


class ExperienceEventFactory(DjangoModelFactory[ExperienceEvent]):
    class Meta:
        model = ExperienceEvent

    interview = factory.SubFactory(InterviewFactory)
    type = ExperienceEvent.Type.QUESTION_VIEWED


def browser_bind(client: Client, *, bound: list[str], completed: list[str] | None = None) -> None:
    """Give a test browser the cookie an invite link (and a last answer) would have left."""
    response = HttpResponse()
    binding_save(Binding(bound=bound, completed=completed or [], changed=True), response)
    client.cookies[COOKIE] = response.cookies[COOKIE].value


def browser_binding(client: Client) -> Binding:
    """What the test browser's cookie binds, read as the interview pages read it."""
    request = RequestFactory().get("/")
    request.COOKIES = {name: morsel.value for name, morsel in client.cookies.items()}
    return binding_get(request)
