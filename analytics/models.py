"""Analytics models (experience events, question statistics) arrive with the analytics issue."""
