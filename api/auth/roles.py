"""Roles and what each may do (the auth matrix the API tests walk through).

role        read  recommend  setTeamStatus  dispatch  curate  load  manageKeys
integrator   x
commander    x       x            x            x
planner      x       x                                   x      x
admin        x       x            x            x         x      x       x

dispatch: open and move incidents, issue and undo dispatch orders, release teams
(api/graphql/incidents.py), and see the duty phone, leader and radio channel of teams
and experts (contacts are masked for every other role).
"""

from __future__ import annotations

from enum import StrEnum


class Permission(StrEnum):
    READ = "read"
    RECOMMEND = "recommend"
    SET_TEAM_STATUS = "setTeamStatus"
    DISPATCH = "dispatch"
    CURATE = "curate"
    LOAD = "load"
    MANAGE_KEYS = "manageKeys"


class Role(StrEnum):
    INTEGRATOR = "integrator"
    COMMANDER = "commander"
    PLANNER = "planner"
    ADMIN = "admin"

    @property
    def permissions(self) -> frozenset[Permission]:
        return PERMISSIONS[self]

    @classmethod
    def parse(cls, value: str) -> Role:
        try:
            return cls(value.strip().lower())
        except ValueError:
            names = ", ".join(r.value for r in cls)
            raise ValueError(f"unknown role '{value}'; use one of {names}") from None


PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.INTEGRATOR: frozenset({Permission.READ}),
    Role.COMMANDER: frozenset(
        {Permission.READ, Permission.RECOMMEND, Permission.SET_TEAM_STATUS, Permission.DISPATCH}
    ),
    Role.PLANNER: frozenset(
        {Permission.READ, Permission.RECOMMEND, Permission.CURATE, Permission.LOAD}
    ),
    Role.ADMIN: frozenset(Permission),
}
