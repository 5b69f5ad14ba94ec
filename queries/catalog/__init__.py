"""Catalog reads and planner/commander writes for the GraphQL API.

One module per concern: ``runner`` (timeouts, query counting), ``nodes``
(lookups, Relay pages, DataLoader batch queries), ``taxonomy`` (the hazard
tree in one query), ``curation`` (concept edits and team status, each with an
audit entry in the same transaction), ``audit`` (the trail), ``health``.
"""
