"""The planning desk's models: pages and editions, pitches, assignments, events.

``pages`` holds the standing lineup (``Page``), a day's ``Edition`` and its
``PagePlan`` rows; ``events`` the timeline and what pitches and assignments
share (``Placement``); ``pitches`` and ``assignments`` the two with their
verbs. Import them from here.
"""

from .assignments import Assignment, AssignmentQuerySet
from .events import PlanningEvent, describe_place
from .pages import DEFAULT_EDITION, Edition, Page, PagePlan
from .pitches import Pitch, PitchQuerySet

__all__ = [
    "DEFAULT_EDITION",
    "Assignment",
    "AssignmentQuerySet",
    "Edition",
    "Page",
    "PagePlan",
    "Pitch",
    "PitchQuerySet",
    "PlanningEvent",
    "describe_place",
]
