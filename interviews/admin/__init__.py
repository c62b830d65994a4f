"""The HR admin for interviews; importing the package registers every model admin."""

from interviews.admin import interviews, question_sets

__all__ = ["interviews", "question_sets"]
