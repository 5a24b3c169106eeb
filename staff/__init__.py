"""The newsroom's people: desks (departments), reporters with the names and
titles bylines print, and the roles (``roles``) that decide each login's
group and permissions. It knows nothing of articles; articles point at it.
"""
