"""Domain events: the only bridge from state changes to sockets and webhooks."""
