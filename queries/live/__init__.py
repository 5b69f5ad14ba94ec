"""The change feed: what the audit trail says changed, as typed board events.

``feed`` reads the newest audit entries (one query, ids are time-ordered);
``events`` turns an entry into the events a commander's board shows (a team's
status changed, an incident moved on). The relay that polls and fans them out
per API process is api/live/relay.py.
"""
