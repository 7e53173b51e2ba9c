"""Lapse simulator: what happens month by month when an agreement expires without a new one."""
