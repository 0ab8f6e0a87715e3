"""Outgoing calls: account webhooks, agent bots and API-channel callbacks (plan, sign, send, journal)."""
