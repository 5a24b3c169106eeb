"""The search results page under wrk, uncached, as readers would ask it.

    DATABASE_URL=sqlite:///$PWD/var/bench/search.sqlite3 \\
        .venv/bin/python bench/search_load.py

Uses the archive bench/search_bench.py built in the database DATABASE_URL
names (run that first). Takes ``--queries`` Chinese substrings each of 2, 3
and 4 characters from random stories, serves the site under gunicorn with 2
sync workers and no cache (bench/uncached_settings.py) on 127.0.0.1, warms
up for 3 s, then drives ``/search/?q=…`` in turn with ``wrk -t2 -c16 -d15s``,
the command of the Wagtail comparison. Prints req/s, p50, p95 and p99 of the
whole page, non-2xx answers and the load average. Goal (issue 18): p95 at
most 50 ms and at least 300 req/s at 100,000 stories.
"""

import argparse
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

from search_bench import sample_queries

ROOT = Path(__file__).resolve().parent.parent

WRK_SCRIPT = """
local urls = {%s}
local counter = 0
function request()
  counter = counter + 1
  return wrk.format("GET", urls[(counter %% #urls) + 1])
end
function done(summary, latency, requests)
  io.write(string.format(
    'RESULT {"requests": %%d, "seconds": %%.3f, "p50_ms": %%.2f, ' ..
    '"p95_ms": %%.2f, "p99_ms": %%.2f, "non_2xx_3xx": %%d, "errors": %%d}\\n',
    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1000,
    latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    summary.errors.status, summary.errors.connect + summary.errors.read +
    summary.errors.write + summary.errors.timeout))
end
"""


def free_port():
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(url, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"{url} did not answer")


def run_wrk(site, script, seconds, connections):
    out = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--timeout", "5s"]
        + ["-s", str(script), site],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return json.loads(out.split("RESULT ", 1)[1].splitlines()[0])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--queries", type=int, default=100, help="per length")
    parser.add_argument("--seconds", type=int, default=15)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is missing: apt-get install wrk")

    rng = random.Random(args.seed)
    queries = [q for n in (2, 3, 4) for q in sample_queries(n, args.queries, rng)]
    rng.shuffle(queries)
    paths = ["/search/?" + urllib.parse.urlencode({"q": q}) for q in queries]

    folder = Path(tempfile.mkdtemp(prefix="bench-search-"))
    script = folder / "search.lua"
    script.write_text(WRK_SCRIPT % ", ".join(f'"{p}"' for p in paths))
    port = free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.uncached_settings",
        "DJANGO_DEBUG": "0",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_COOKIES": "0",
    }
    # The results page names the hashed static files (search_bench.py
    # collected them where it points DJANGO_STATIC_ROOT).
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--no-input", "-v0"],
        env=env,
        cwd=ROOT,
        check=True,
    )
    server = subprocess.Popen(
        [str(Path(sys.executable).with_name("gunicorn")), "newsroom.wsgi"]
        + ["--workers", "2", "--bind", f"127.0.0.1:{port}", "--log-level", "warning"],
        env=env,
        cwd=ROOT,
    )
    site = f"http://127.0.0.1:{port}"
    try:
        wait_for(site + "/healthz")
        run_wrk(site, script, 3, args.connections)  # warm-up, thrown away
        result = run_wrk(site, script, args.seconds, args.connections)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
        shutil.rmtree(folder, ignore_errors=True)
    report = {
        "queries": len(queries),
        "req_per_s": round(result["requests"] / result["seconds"], 1),
        **{k: result[k] for k in ("p50_ms", "p95_ms", "p99_ms", "non_2xx_3xx")},
        "socket_errors": result["errors"],
        "load_average": [round(x, 2) for x in os.getloadavg()],
    }
    print(json.dumps(report, indent=2))
    met = report["p95_ms"] <= 50 and report["req_per_s"] >= 300
    print("goal (p95 <= 50 ms, >= 300 req/s):", "met" if met else "missed")


if __name__ == "__main__":
    main()
