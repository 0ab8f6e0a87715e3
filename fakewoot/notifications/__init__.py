"""Notifications written by domain events (Chatwoot's NotificationListener and its services)."""
