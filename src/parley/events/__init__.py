"""Events: PLOVER events from trigger rules over the dependency parse.

The stages, in order: ``triggers`` (which tokens carry an event), ``roles`` (who did it to
whom), ``modality`` (future, hypothetical, negation), ``conventions`` (PLOVER's coding rules),
then ``stage`` puts them together with dates and places.
"""

from .stage import find_events

__all__ = ["find_events"]
