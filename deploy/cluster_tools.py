"""Tools of the cluster test (deploy/cluster_test.py): HTTP, wrk, Varnish.

Loopback only: every address is the cluster's, from the same variables
deploy/cluster.sh reads.
"""

import http.cookiejar
import json
import os
import re
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VAR = ROOT / "var" / "cluster"
HOST = os.environ.get("CLUSTER_HOST", "127.0.0.1")
PORTS = {
    "varnish": int(os.environ.get("CLUSTER_VARNISH_PORT", "8300")),
    "nginx": int(os.environ.get("CLUSTER_NGINX_PORT", "8303")),
    "app1": int(os.environ.get("CLUSTER_APP1_PORT", "8301")),
    "app2": int(os.environ.get("CLUSTER_APP2_PORT", "8302")),
    "primary": int(os.environ.get("CLUSTER_PG_PRIMARY_PORT", "5433")),
    "replica": int(os.environ.get("CLUSTER_PG_REPLICA_PORT", "5434")),
}
FRONT = f"http://{HOST}:{PORTS['varnish']}"
CONNECTIONS = 16

TARGETS = {
    "publish_seconds": 1.0,
    "retraction_seconds": 1.0,
    "scheduled_late_seconds": 1.0,
    "hit_ratio": 0.95,
    "ceiling_share": 0.5,
}


# -- HTTP ---------------------------------------------------------------------


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def get(url, opener=None, timeout=10):
    """Return ``(status, headers, body)``; errors are answers too."""
    opener = opener or urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(url, timeout=timeout) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers, exc.read()


def poll(check, seconds, every=0.02):
    """Call ``check`` until it is true; return the seconds it took, or None."""
    start = time.monotonic()
    while time.monotonic() - start < seconds:
        if check():
            return time.monotonic() - start
        time.sleep(every)
    return None


class Editor:
    """A signed-in editor using the admin through Varnish, as a browser does."""

    def __init__(self, username, password):
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            NoRedirect, urllib.request.HTTPCookieProcessor(self.jar)
        )
        status, _headers, body = get(f"{FRONT}/admin/login/", self.opener)
        assert status == 200, f"login page: {status}"
        status = self.post(
            "/admin/login/",
            {"username": username, "password": password, "next": "/admin/"},
            body,
        )
        assert status == 302, f"login: {status}"

    def token(self, page):
        match = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        return match.group(1).decode()

    def post(self, path, fields, page=None):
        if page is None:
            status, _headers, page = get(FRONT + path, self.opener)
            if status != 200:
                return status
        data = urllib.parse.urlencode(
            {**fields, "csrfmiddlewaretoken": self.token(page)}
        ).encode()
        request = urllib.request.Request(
            FRONT + path, data=data, headers={"Referer": FRONT + path}
        )
        try:
            with self.opener.open(request, timeout=10) as response:
                return response.status
        except urllib.error.HTTPError as exc:
            return exc.code
        except OSError:
            return 0

    def post_multipart(self, path, fields, files):
        """Post a form with files, as a browser's upload does; return
        ``(status, Location)``."""
        status, _headers, page = get(FRONT + path, self.opener)
        if status != 200:
            return status, None
        boundary = f"----cluster-test-{time.time_ns()}"
        parts = []
        fields = {**fields, "csrfmiddlewaretoken": self.token(page)}
        for name, value in fields.items():
            parts.append(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"'
                f"\r\n\r\n{value}\r\n".encode()
            )
        for name, (filename, content, content_type) in files.items():
            parts.append(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
                f'filename="{filename}"\r\nContent-Type: {content_type}'
                "\r\n\r\n".encode()
                + content
                + b"\r\n"
            )
        parts.append(f"--{boundary}--\r\n".encode())
        request = urllib.request.Request(
            FRONT + path,
            data=b"".join(parts),
            headers={
                "Content-Type": f"multipart/form-data; boundary={boundary}",
                "Referer": FRONT + path,
            },
        )
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status, response.headers.get("Location")
        except urllib.error.HTTPError as exc:
            return exc.code, exc.headers.get("Location")
        except OSError:
            return 0, None

    def act(self, article_id, action, comment, tries=8):
        """Run a workflow action, trying again while an app server is away."""
        path = f"/admin/articles/article/{article_id}/workflow/{action}/"
        for _ in range(tries):
            status = self.post(path, {"comment": comment})
            if status == 302:
                return True
            time.sleep(0.5)
        return False


WRK_SCRIPT = """
local paths = {%s}
local threads = {}
-- As every browser asks: the front cache keeps the compressed copy.
local headers = {["Accept-Encoding"] = "gzip"}
function setup(thread) table.insert(threads, thread) end
function init(args) counts = {}; n = 0 end
function request()
  n = n + 1
  return wrk.format("GET", paths[(n %% #paths) + 1], headers)
end
function response(status, headers, body)
  counts[status] = (counts[status] or 0) + 1
end
function done(summary, latency, requests)
  local total = {}
  for _, t in ipairs(threads) do
    for k, v in pairs(t:get("counts")) do total[k] = (total[k] or 0) + v end
  end
  io.write("STATUS")
  for k, v in pairs(total) do io.write(string.format(" %%d=%%d", k, v)) end
  io.write("\\n")
  io.write(string.format("P99_US %%d\\n", latency:percentile(99)))
  io.write(string.format("P50_US %%d\\n", latency:percentile(50)))
  io.write(string.format("REQUESTS %%d\\nDURATION_US %%d\\n",
    summary.requests, summary.duration))
  local e = summary.errors
  io.write(string.format("ERRORS %%d\\n",
    e.connect + e.read + e.write + e.timeout))
end
"""


def wrk(base, paths, seconds, folder):
    script = folder / f"load-{len(paths)}.lua"
    script.write_text(WRK_SCRIPT % ", ".join(json.dumps(p) for p in paths))
    out = subprocess.run(
        [
            "wrk",
            "-t2",
            f"-c{CONNECTIONS}",
            f"-d{seconds}s",
            "--timeout",
            "5s",
            "-s",
            str(script),
            base,
        ],
        capture_output=True,
        text=True,
        timeout=seconds + 60,
    )
    figures = {"statuses": {}}
    for line in out.stdout.splitlines():
        words = line.split()
        if not words:
            continue
        if words[0] == "STATUS":
            for word in words[1:]:
                code, count = word.split("=")
                figures["statuses"][int(code)] = int(count)
        elif words[0] in ("P99_US", "P50_US", "REQUESTS", "DURATION_US", "ERRORS"):
            figures[words[0].lower()] = int(words[1])
    if "requests" not in figures:
        raise RuntimeError(f"wrk said: {out.stdout}\n{out.stderr}")
    figures["rps"] = figures["requests"] / (figures["duration_us"] / 1e6)
    figures["non_2xx"] = sum(
        n for code, n in figures["statuses"].items() if not 200 <= code < 300
    )
    figures["5xx"] = sum(n for code, n in figures["statuses"].items() if code >= 500)
    return figures


def varnish_counters():
    out = subprocess.run(
        [
            "varnishstat",
            "-n",
            str(VAR / "varnish" / "work"),
            "-1",
            "-f",
            "MAIN.cache_hit",
            "-f",
            "MAIN.cache_miss",
            "-f",
            "MAIN.cache_hitmiss",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    return {line.split()[0]: int(line.split()[1]) for line in out.stdout.splitlines()}


def table_reads(port):
    out = subprocess.run(
        [
            "psql",
            "-h",
            HOST,
            "-p",
            str(port),
            "-U",
            "postgres",
            "-d",
            "newsroom",
            "-Atc",
            "SELECT coalesce(sum(seq_scan + coalesce(idx_scan, 0)), 0) "
            "FROM pg_stat_user_tables WHERE relname = 'articles_article'",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    return int(out.stdout.strip() or 0)


def varnish_running():
    try:
        os.kill(int((VAR / "pid" / "varnish.pid").read_text()), 0)
    except (OSError, ValueError):
        return False
    return True


def fmt(seconds):
    return "never" if seconds is None else f"{seconds * 1000:.0f} ms"


def verdicts(results):
    load, photo = results["load"], results.get("photo", {})

    def within(value, limit):
        return value is not None and value <= limit

    return {
        "photo served from S3 through Varnish": photo.get("status") == 200
        and photo.get("jpeg")
        and photo.get("in_bucket")
        and not photo.get("on_local_disk")
        and "SeaweedFS" in (photo.get("server") or ""),
        "publish on the front page within 1 s": results.get("published_in_the_admin")
        and within(results.get("publish_seconds"), TARGETS["publish_seconds"]),
        "retraction 410 within 1 s": results.get("retraction_admin_ok")
        and within(results.get("retraction_seconds"), TARGETS["retraction_seconds"]),
        "scheduled story on time, nothing run": not results.get("scheduled_shown_early")
        and within(
            results.get("scheduled_late_seconds"), TARGETS["scheduled_late_seconds"]
        ),
        "replica serves public reads": results[
            "article_table_reads_during_40_searches"
        ]["replica"]
        > 0,
        "zero 5xx for readers": load["5xx"] == 0 and load.get("errors", 0) == 0,
        "zero lost edits": load["lost_edits"] == 0 and load["edits"] > 0,
        "every edit shown through Varnish": load["edits_not_visible_in_5s"] == 0,
        "hit ratio over 95%": load["hit_ratio"] > TARGETS["hit_ratio"],
        "throughput at least 50% of nginx": results["ceiling"]["load_share"]
        >= TARGETS["ceiling_share"],
    }
