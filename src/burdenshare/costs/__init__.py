"""Cost engine: agreements, escalation rules, sector splits, schedules and proposal comparison."""
