"""Live incidents: lifecycle, recommendations kept per incident, dispatch orders (调度令).

- `lifecycle`: the statuses and the transitions allowed between them (data), opening,
  moving and reading incidents;
- `recommendations`: every recommendation made for an incident, stored compactly;
- `dispatch`: issuing an order (teams -> deployed, ASSIGNED_TO), releasing, undoing;
- `orders`: what a printed dispatch order shows.

Every write records an audit entry (queries.catalog.audit) in the same transaction,
with the incident id as `target` and actions named in `ACTIONS`.
"""
