"""The fixed exit taxonomy (kept apart from the classifier so models load without scikit-learn)."""

from __future__ import annotations

OTHER = "other"
THEMES = {
    "compensation": "Compensation",
    "manager": "Manager",
    "career_growth": "Career growth",
    "workload_balance": "Workload and balance",
    "culture_team": "Culture and team",
    "work_itself": "The work itself",
    "recognition": "Recognition",
    "tools_process": "Tools and process",
    "relocation_personal": "Relocation or personal",
    "leadership_strategy": "Leadership and strategy",
    OTHER: "Other",
}
SENSITIVE_REASONS = {
    "harassment": "Harassment or bullying",
    "discrimination": "Discrimination",
    "safety": "Safety",
    "legal": "Legal concern",
    "self_harm": "Self-harm",
    "other": "Other concern (classifier)",
}
