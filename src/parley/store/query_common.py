"""Pieces the store's queries share: counting, chunking, the participants of events,
filter values as lists, the participant condition, the day an event counts on."""

from __future__ import annotations

import re
from collections import defaultdict

from sqlalchemy import func, or_, select
from sqlalchemy.engine import Connection

from .kb import normalise
from .schema import actor_aliases, events, participants, stories

_CODE = re.compile(r"^[A-Z]{3}$")


def count_rows(conn: Connection, q) -> int:
    return conn.execute(select(func.count()).select_from(q.subquery())).scalar_one()


def chunks(xs: list, n: int = 500):
    for i in range(0, len(xs), n):
        yield xs[i : i + n]


def participants_of(conn: Connection, event_ids: list[str]) -> dict[str, dict[str, list[dict]]]:
    out: dict[str, dict[str, list[dict]]] = defaultdict(lambda: defaultdict(list))
    for chunk in chunks(event_ids):
        q = (
            select(participants)
            .where(participants.c.event_id.in_(chunk))
            .order_by(participants.c.event_id, participants.c.role, participants.c.position)
        )
        for r in conn.execute(q).mappings():
            out[r["event_id"]][r["role"]].append(dict(r))
    return out


def actor_condition(actor: str):
    """Participant by code (``USA``) or by name/alias (``Rubio``)."""
    if _CODE.match(actor):
        return participants.c.code == actor
    alias_ids = select(actor_aliases.c.actor_id).where(actor_aliases.c.alias == normalise(actor))
    return or_(
        participants.c.actor_id.in_(alias_ids), func.lower(participants.c.name).contains(actor.lower())
    )


def as_list(x) -> list[str] | None:
    if x is None:
        return None
    if isinstance(x, str):
        return [p.strip() for p in x.split(",") if p.strip()]
    return list(x)


def day_expr():
    """The day an event is counted on: its own date when it has one, else its story's."""
    return func.coalesce(events.c.date, stories.c.published)


def until_bound(until: str) -> str:
    """The upper bound for ``until``: a month or year ("2025-03") includes all of it."""
    return until if len(until) == 10 else until + "\uffff"
