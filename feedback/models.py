"""Feedback models (HR surveys, employee ratings) arrive with the feedback issue."""
