"""gunicorn's settings for the newsroom: ``make serve``, or
``gunicorn -c deploy/gunicorn.conf.py newsroom.wsgi``.

Everything can be set from the environment: WEB_CONCURRENCY (worker
processes, default 2 per core), GUNICORN_BIND (default 127.0.0.1:8000),
GUNICORN_TIMEOUT (seconds a request may take, default 30) and
FORWARDED_ALLOW_IPS (the proxies whose X-Forwarded-* headers are trusted).
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", 2 * multiprocessing.cpu_count()))
worker_class = "sync"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
keepalive = 5
# A worker is replaced after this many requests, so a slow leak cannot grow.
max_requests = 5000
max_requests_jitter = 500
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")

accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = os.environ.get("GUNICORN_ERROR_LOG", "-")
# Who, what, how it went, how long (microseconds) and how big.
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(D)sus "%(a)s"'


def post_fork(server, worker):
    """Leave load balancers' /healthz and /readyz out of the access log:
    they are asked every few seconds and are not page views."""
    import logging

    from newsroom.logs import SkipHealthChecks

    logging.getLogger("gunicorn.access").addFilter(SkipHealthChecks())
