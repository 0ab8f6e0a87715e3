"""Macros and automation rules at work: the shared action service (actions.py), the conditions of a
rule (conditions.py) and the bus listener that runs rules on the events they name (listener.py)."""
