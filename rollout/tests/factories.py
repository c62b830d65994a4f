from __future__ import annotations

import factory
from factory.django import DjangoModelFactory

from rollout.models import Flag, Incident


class FlagFactory(DjangoModelFactory[Flag]):
    class Meta:
        model = Flag

    name = factory.Sequence(lambda n: f"test_flag_{n}")
    enabled = True
    percentage = 50


class IncidentFactory(DjangoModelFactory[Incident]):
    class Meta:
        model = Incident

    title = factory.Sequence(lambda n: f"Incident {n}")
    severity = Incident.Severity.MEDIUM

    class Params:
        critical = factory.Trait(severity=Incident.Severity.CRITICAL)
