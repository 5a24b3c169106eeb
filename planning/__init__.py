"""The planning desk: 选题 pitches, assignments, the daily budget and the page plan.

``rules`` says who may pitch, decide and assign for which desk; ``models``
holds the pages, editions, pitches and assignments with their verbs; the
budget (``budget``), the calendar (``agenda``) and the print matching
(``matching``) read them; ``views`` and ``admin`` are the desk's pages.
"""
