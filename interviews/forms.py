"""Forms for the HR admin: questions with one choice per line, and creating an interview."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.conf import settings
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from exitbot.lib.forms import LinesField
from interviews.kinds import kind_get
from interviews.models import Employee, Interview, Question, QuestionSet
from interviews.selectors import employee_get


class QuestionForm(forms.ModelForm[Question]):
    """A question row in the set's inline, with choices and condition values as lines."""

    choices = LinesField(required=False, label=_("Choices"), help_text=_("One choice per line."))
    show_if_values = LinesField(
        required=False, label=_("Show if values"), help_text=_("One value per line.")
    )

    class Meta:
        model = Question
        fields = [
            "order",
            "key",
            "text",
            "help_text",
            "kind",
            "choices",
            "required",
            "show_if_key",
            "show_if_values",
        ]
        widgets = {"text": forms.Textarea(attrs={"rows": 2, "cols": 40})}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind = data.get("kind")
        if kind:
            for problem in kind_get(kind).choices_problems(data.get("choices") or []):
                self.add_error("choices", capfirst(problem))
        return data


class InterviewCreateForm(forms.Form):
    """HR creates an interview for an existing employee or a new one."""

    employee_id = forms.CharField(max_length=64, label=_("Employee id"))
    name = forms.CharField(
        max_length=200, required=False, label=_("Name"), help_text=_("Needed for a new employee.")
    )
    work_email = forms.EmailField(required=False, label=_("Work e-mail"))
    personal_email = forms.EmailField(required=False, label=_("Personal e-mail"))
    department = forms.CharField(max_length=120, required=False, label=_("Department"))
    exit_date = forms.DateField(
        required=False, label=_("Exit date"), widget=forms.DateInput(attrs={"type": "date"})
    )
    question_set = forms.ModelChoiceField(
        queryset=QuestionSet.objects.filter(status=QuestionSet.Status.PUBLISHED),
        required=False,
        label=_("Question set"),
        empty_label=_("The default set"),
    )
    mode = forms.ChoiceField(
        choices=[("", _("Let the rollout flags decide")), *Interview.Mode.choices],
        required=False,
        label=_("Mode"),
        help_text=_("LLM mode needs an LLM configured (docs/llm.md)."),
    )
    valid_days = forms.IntegerField(
        min_value=1,
        max_value=365,
        initial=settings.INTERVIEW_VALID_DAYS,
        label=_("Link valid for (days)"),
    )
    send_invite = forms.BooleanField(
        required=False,
        initial=False,
        label=_("E-mail an invite now"),
        help_text=_(
            "Tick to send the e-mail now; otherwise pass on the link shown after saving "
            "(the e-mail carries its own link)."
        ),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        is_new = employee_get(employee_id=data.get("employee_id", "")) is None
        if is_new and not data.get("name"):
            self.add_error("name", _("This employee id is new; give the employee's name."))
        if (
            data.get("send_invite")
            and is_new
            and not (data.get("work_email") or data.get("personal_email"))
        ):
            self.add_error("work_email", _("An invite needs an e-mail address."))
        return data

    def employee_fields(self) -> dict[str, Any]:
        """The employee fields that were filled in, to create or update the employee."""
        names = [n for n in Employee.HR_FIELDS if n in self.fields]
        return {n: self.cleaned_data[n] for n in names if self.cleaned_data.get(n)}

    def expires_in(self) -> datetime.timedelta:
        return datetime.timedelta(days=self.cleaned_data["valid_days"])
