"""The planner: the guardrail for intentions (and, later, the weekly plan and reminders)."""
