"""gunicorn's settings for the newsroom: ``make serve``, or
``gunicorn -c deploy/gunicorn.conf.py newsroom.wsgi``.

Everything can be set from the environment: WEB_CONCURRENCY (worker
processes, default 2 per core), GUNICORN_BIND (default 127.0.0.1:8000),
GUNICORN_TIMEOUT (seconds a request may take, default 30),
GUNICORN_MAX_REQUESTS (requests before a worker is replaced, default 100,000;
0 never) and FORWARDED_ALLOW_IPS (the proxies whose X-Forwarded-* headers are
trusted).

The application is loaded once, in the master, which also compiles the
templates before it forks (``newsroom/warmup.py``): a new worker answers its
first page at full speed. A code change therefore needs a restart of the
service; ``kill -HUP`` only replaces the workers.
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
# Not much more often: under load a replacement takes a worker away while it
# starts (bench/README.md, load.py), and at 5,000 that was every 25 seconds.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "100000"))
max_requests_jitter = max_requests // 10
preload_app = True
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")

accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = os.environ.get("GUNICORN_ERROR_LOG", "-")
# Who, what, how it went, how long (microseconds) and how big.
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(D)sus "%(a)s"'


def when_ready(server):
    """Before the first fork: what each worker would otherwise do itself."""
    from newsroom.warmup import warm_up

    server.log.info("Warmed up: %d templates compiled", warm_up())


def post_fork(server, worker):
    """Leave load balancers' /healthz and /readyz out of the access log:
    they are asked every few seconds and are not page views."""
    import logging

    from newsroom.logs import SkipHealthChecks

    logging.getLogger("gunicorn.access").addFilter(SkipHealthChecks())
