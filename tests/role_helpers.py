"""Helpers shared by the role-layer tests (test_roles.py, test_roles_partners.py)."""

from __future__ import annotations

PUBLISHED = "2025-02-12"


def only(doc, etype):
    """The one event of ``etype`` in ``doc`` (the assertion lists what was found instead)."""
    found = [e for e in doc.events if e.event_type == etype]
    assert len(found) == 1, [(e.event_type, e.trigger.text) for e in doc.events]
    return found[0]


def side(doc, ev, role):
    """(code, path) of each participant on one side."""
    ids = ev.actor if role == "actor" else ev.recipient
    return [(doc.actor(a).code, ev.paths[a]) for a in ids]
