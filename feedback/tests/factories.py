from __future__ import annotations

import factory
from django.contrib.auth.models import Group, User
from factory.django import DjangoModelFactory

from feedback.models import FeedbackSurvey, SurveyAnswer, SurveyQuestion, SurveyResponse


class UserFactory(DjangoModelFactory[User]):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    is_staff = True

    @factory.post_generation
    def groups(self, create: bool, names: list[str] | None, **kwargs: object) -> None:
        """UserFactory(groups=["HR staff"]) puts the user in those (migrated) groups."""
        if create and names:
            self.groups.add(*Group.objects.filter(name__in=names))


class FeedbackSurveyFactory(DjangoModelFactory[FeedbackSurvey]):
    class Meta:
        model = FeedbackSurvey

    name = factory.Sequence(lambda n: f"Survey {n}")
    slug = factory.Sequence(lambda n: f"survey-{n}")
    audience = FeedbackSurvey.Audience.HR


class SurveyQuestionFactory(DjangoModelFactory[SurveyQuestion]):
    class Meta:
        model = SurveyQuestion

    survey = factory.SubFactory(FeedbackSurveyFactory)
    key = factory.Sequence(lambda n: f"q{n}")
    text = factory.Faker("sentence")
    kind = SurveyQuestion.Kind.RATING
    order = factory.Sequence(lambda n: n * 10)


class SurveyResponseFactory(DjangoModelFactory[SurveyResponse]):
    class Meta:
        model = SurveyResponse

    survey = factory.SubFactory(FeedbackSurveyFactory)
    user = factory.SubFactory(UserFactory)


class SurveyAnswerFactory(DjangoModelFactory[SurveyAnswer]):
    class Meta:
        model = SurveyAnswer

    response = factory.SubFactory(SurveyResponseFactory)
    question = factory.SubFactory(SurveyQuestionFactory)
