"""Live updates: each API process relays what the graph's audit trail says changed to its
GraphQL subscribers (api/live/relay.py; the subscription itself is api/graphql/board.py)."""
