"""Reports: the reporting events a listener writes from domain events, and the v2 report metrics."""
