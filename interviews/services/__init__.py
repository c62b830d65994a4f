"""Writes, one module per seam: interviews (creation, answers, life cycle) and question_sets."""
