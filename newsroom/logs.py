"""Logging filters for the app servers."""

import logging

HEALTH_CHECKS = frozenset({"/healthz", "/readyz"})


class SkipHealthChecks(logging.Filter):
    """Leave load balancers' health checks out of gunicorn's access log."""

    def filter(self, record):
        atoms = record.args if isinstance(record.args, dict) else {}
        return atoms.get("U") not in HEALTH_CHECKS
