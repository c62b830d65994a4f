"""Rollout models (flags, phases, incidents) arrive with the rollout issue."""
