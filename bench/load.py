"""Mixed load on a production-style server, with faults: does anything break?

    .venv/bin/python bench/load.py                          # SQLite
    .venv/bin/python bench/load.py --db postgres            # PostgreSQL + Redis
    .venv/bin/python bench/load.py --fault smtp             # no mail server
    .venv/bin/python bench/load.py --db postgres --fault redis   # Redis dies midway

gunicorn with 2 workers and DEBUG off serves a site of ``--stories`` stories
on 127.0.0.1. For ``--seconds`` (60), at ``--connections`` (16):
- wrk asks the front page, articles, desk pages, search and feeds;
- one editor saves stories and signs them in a loop, over HTTP, reading
  every save back (an edit that does not read back is lost), and every third
  round corrects a published story, which changes its pages for readers;
- an import of ``--pages`` printed pages runs from the command line.
It reports req/s, p50/p99 latency, non-2xx/3xx and 5xx answers, the editor's
saves, and any 5xx in gunicorn's access log. Everything it starts it stops,
by PID. Exit status 1 when a target is missed: no 5xx, no lost edits, p99 of
reads under 250 ms. With Redis stopped midway the p99 is reported, not
judged: from then on every page is made from the database, as it must be.
"""

import argparse
import http.cookiejar
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from datetime import date
from pathlib import Path

from common import ROOT, populate, refresh_planner_statistics
from import_edition import write_pages

PASSWORD = "bench-load-passphrase"
EDITION = date(2024, 5, 8)
P99_TARGET_MS = 250

WRK_SCRIPT = """
local urls = {%s}
local counter = 0
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) statuses = {} end
function request()
  counter = counter + 1
  return wrk.format("GET", urls[(counter %% #urls) + 1])
end
function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end
function done(summary, latency, requests)
  local total = {}
  for _, thread in ipairs(threads) do
    for status, count in pairs(thread:get("statuses")) do
      total[tostring(status)] = (total[tostring(status)] or 0) + count
    end
  end
  local parts = {}
  for status, count in pairs(total) do
    table.insert(parts, string.format('"%%s": %%d', status, count))
  end
  io.write(string.format(
    'RESULT {"requests": %%d, "seconds": %%.3f, "p50_ms": %%.2f, ' ..
    '"p99_ms": %%.2f, "socket_errors": %%d, "statuses": {%%s}}\\n',
    summary.requests, summary.duration / 1e6,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    summary.errors.connect + summary.errors.read + summary.errors.write +
    summary.errors.timeout, table.concat(parts, ", ")))
end
"""


ACCESS_LINE = re.compile(
    r'"(?P<method>[A-Z]+) (?P<path>\S+) [^"]*" (?P<status>\d{3}) \S+ (?P<us>\d+)us'
)


def kind_of(method, path):
    """The family of page a logged request belongs to, for the breakdown."""
    path = urllib.parse.unquote(path.split("?", 1)[0])
    if path.startswith("/admin/"):
        return f"admin {method} " + re.sub(r"/\d+/", "/<id>/", path)
    if path.endswith((".rss", ".atom", ".xml")):
        return "feed"
    if path.startswith("/search/"):
        return "search"
    if path.startswith("/department/"):
        return "desk"
    if path in ("/", "/latest/"):
        return "front and latest"
    return "article"


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def server_times(access_log):
    """Time spent in the worker (gunicorn's %(D)s) per family of page, in ms:
    what wrk's latency adds to it is the wait for a free worker."""
    times = {}
    for match in ACCESS_LINE.finditer(access_log):
        kind = kind_of(match["method"], match["path"])
        times.setdefault(kind, []).append(int(match["us"]) / 1000)
    return {
        kind: {
            "requests": len(values),
            "p50_ms": round(percentile(values, 0.50), 1),
            "p99_ms": round(percentile(values, 0.99), 1),
            "max_ms": round(max(values), 1),
            "busy_s": round(sum(values) / 1000, 1),
        }
        for kind, values in sorted(times.items())
    }


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until(check, seconds, what):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.2)
    raise SystemExit(f"{what} did not come up")


def answers(url):
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


class Editor:
    """An editor working over HTTP: edits stories and signs them, counting."""

    def __init__(self, site, username, department):
        self.site = site
        self.department = department
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )
        self.stats = {
            "saves": 0,
            "signed": 0,
            "corrected": 0,
            "refused": 0,
            "errors": 0,
            "lost": 0,
        }
        self.server_errors = []
        self.username = username

    def request(self, path, data=None):
        body = urllib.parse.urlencode(data, doseq=True).encode() if data else None
        request = urllib.request.Request(self.site + path, data=body)
        if body is not None:
            request.add_header("Referer", self.site + path)
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as exc:
            if exc.code >= 500:
                self.server_errors.append(f"{exc.code} {path}")
            return exc.code, exc.read().decode(errors="replace")

    def csrf(self, html):
        return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)[1]

    def log_in(self):
        _status, page = self.request("/admin/login/")
        status, _ = self.request(
            "/admin/login/",
            {
                "csrfmiddlewaretoken": self.csrf(page),
                "username": self.username,
                "password": PASSWORD,
                "next": "/admin/",
            },
        )
        if status != 200:
            raise SystemExit(f"{self.username} could not sign in ({status})")

    def edit(self, pk, round_number):
        path = f"/admin/articles/article/{pk}/change/"
        status, page = self.request(path)
        if status != 200:
            self.stats["errors"] += 1
            return
        headline = f"负载测试稿件{pk}第{round_number}次修改"
        form = {
            "csrfmiddlewaretoken": self.csrf(page),
            "headline": headline,
            "dek": "",
            "body": "<p>本报讯 负载测试中保存的正文。</p>",
            "department": str(self.department),
            "tags": "",
            "dateline": "",
            "slug": re.search(
                r'value="([^"]*)"', re.search(r'<input[^>]*name="slug"[^>]*>', page)[0]
            )[1],
            "print_edition": "",
            "print_page": "",
            "expected_version": re.search(
                r'name="expected_version" value="(\d+)"', page
            )[1],
            "_continue": "1",
        }
        for prefix in ("bylines", "photos"):
            for field, value in (
                ("TOTAL_FORMS", "0"),
                ("INITIAL_FORMS", "0"),
                ("MIN_NUM_FORMS", "0"),
                ("MAX_NUM_FORMS", "1000"),
            ):
                form[f"{prefix}-{field}"] = value
        status, saved = self.request(path, form)
        if status != 200 or "errornote" in saved:
            self.stats["refused" if "errornote" in saved else "errors"] += 1
            return
        self.stats["saves"] += 1
        # Read the save back from a fresh page.
        _status, again = self.request(path)
        if headline not in again:
            self.stats["lost"] += 1

    def sign(self, pk):
        path = f"/admin/articles/article/{pk}/workflow/sign/"
        status, page = self.request(path)
        if status != 200:
            return
        status, done = self.request(
            path, {"csrfmiddlewaretoken": self.csrf(page), "comment": "同意"}
        )
        if status == 200 and "errornote" not in done:
            self.stats["signed"] += 1

    def correct(self, pk, round_number):
        """Add a correction to a published story: its pages change for readers."""
        path = f"/admin/articles/article/{pk}/workflow/correct/"
        status, page = self.request(path)
        if status != 200:
            return
        status, done = self.request(
            path,
            {
                "csrfmiddlewaretoken": self.csrf(page),
                "comment": f"更正：第{round_number}次核实后的说明。",
            },
        )
        if status == 200 and "errornote" not in done:
            self.stats["corrected"] += 1

    def work(self, drafts, submitted, published, stop):
        self.log_in()
        round_number = 0
        while not stop.is_set():
            round_number += 1
            self.edit(drafts[round_number % len(drafts)], round_number)
            if submitted:
                self.sign(submitted.pop())
            if round_number % 3 == 0:
                self.correct(published[round_number % len(published)], round_number)
            time.sleep(0.2)


def prepare(args, folder, env):
    """Build the site: database, demo, stories, static files; return ids."""
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("load_demo", "--password", PASSWORD, verbosity=0)
    populate(args.stories)
    call_command("collectstatic", interactive=False, verbosity=0)
    refresh_planner_statistics()

    from articles.models import Article, Byline
    from staff.models import Department, Reporter

    desk = Department.objects.get(slug="politics")
    author = Reporter.objects.get(user__username="demo-reporter")
    drafts, submitted = [], []
    for n in range(20):
        draft = Article.objects.create(
            headline=f"负载测试稿件{n}",
            body="<p>本报讯 负载测试稿件。</p>",
            department=desk,
        )
        Byline.objects.create(article=draft, reporter=author, role="text")
        drafts.append(draft.pk)
    for n in range(200):
        story = Article.objects.create(
            headline=f"待初审的负载测试稿件{n}",
            body="<p>本报讯 等待初审。</p>",
            department=desk,
            created_by=author.user,
        )
        Byline.objects.create(article=story, reporter=author, role="text")
        story.submit(author.user)
        submitted.append(story.pk)
    published = Article.objects.published().newest_first()
    urls = ["/", "/latest/", "/feed.rss", "/feed.atom", "/search/?q=经开区"]
    urls += [a.get_absolute_url() for a in published[:60]]
    urls += [d.get_absolute_url() for d in Department.objects.all()]
    urls += ["/search/?q=巡察", "/search/?q=营商环境", "/department/politics/feed.rss"]
    files = write_pages(folder, args.pages, 8, seed=7)
    corrected = [a.pk for a in published[:30]]
    return drafts, submitted, corrected, urls, files, desk.pk


def start_redis(folder):
    port = free_port()
    server = subprocess.Popen(
        [
            shutil.which("redis-server"),
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(folder),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    wait_until(lambda: _port_open(port), 10, "Redis")
    return server, port


def _port_open(port):
    try:
        socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
        return True
    except OSError:
        return False


def stop(process):
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--fault", choices=["none", "smtp", "redis"], default="none")
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--stories", type=int, default=5000)
    parser.add_argument("--pages", type=int, default=300)
    parser.add_argument(
        "--keep",
        action="store_true",
        help="keep the folder (logs, SQLite database) and the PostgreSQL database",
    )
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is missing: apt-get install wrk")

    folder = Path(tempfile.mkdtemp(prefix="bench-load-"))
    processes = []
    try:
        port = free_port()
        env = {
            "DJANGO_SETTINGS_MODULE": "newsroom.settings",
            "DJANGO_DEBUG": "0",
            "DJANGO_SECRET_KEY": "bench-load-secret-key-" + "x" * 40,
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
            "DJANGO_SECURE_COOKIES": "0",
            "DJANGO_MEDIA_ROOT": str(folder / "media"),
            "DJANGO_STATIC_ROOT": str(folder / "static"),
            "DJANGO_BASE_URL": f"http://127.0.0.1:{port}",
            "GUNICORN_BIND": f"127.0.0.1:{port}",
            "WEB_CONCURRENCY": "2",
            "GUNICORN_ACCESS_LOG": str(folder / "access.log"),
            "GUNICORN_ERROR_LOG": str(folder / "error.log"),
        }
        if args.fault == "smtp":
            env["DJANGO_EMAIL_HOST"] = "127.0.0.1"
            env["DJANGO_EMAIL_PORT"] = str(free_port())
        else:
            env["DJANGO_EMAIL_BACKEND"] = "django.core.mail.backends.dummy.EmailBackend"
        if args.db == "postgres":
            name = f"newsroom_load_{os.getpid()}"
            subprocess.run(
                ["createdb", "-h", "127.0.0.1", "-U", "postgres", name], check=True
            )
            env["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{name}"
        else:
            env["DATABASE_URL"] = f"sqlite:///{folder / 'newsroom.sqlite3'}"
        redis = None
        if args.db == "postgres" or args.fault == "redis":
            redis, redis_port = start_redis(folder)
            processes.append(redis)
            env["CACHE_URL"] = f"redis://127.0.0.1:{redis_port}/0"

        print(f"Preparing {args.stories:,} stories in {folder} …", flush=True)
        drafts, submitted, corrected, urls, files, desk = prepare(args, folder, env)
        server_env = {**os.environ, **env}
        gunicorn = subprocess.Popen(
            [
                str(Path(sys.executable).with_name("gunicorn")),
                "-c",
                str(ROOT / "deploy" / "gunicorn.conf.py"),
                "newsroom.wsgi",
            ],
            env=server_env,
            cwd=ROOT,
        )
        processes.append(gunicorn)
        site = f"http://127.0.0.1:{port}"
        wait_until(lambda: answers(site + "/healthz"), 30, "gunicorn")

        script = folder / "mix.lua"
        # Lua knows no \u escapes: quote the addresses as HTTP sends them.
        quoted = [urllib.parse.quote(u, safe="/?=&%") for u in urls]
        script.write_text(WRK_SCRIPT % ", ".join(f'"{u}"' for u in quoted))
        stop_editing = threading.Event()
        editor = Editor(site, "demo-editor", desk)
        working = threading.Thread(
            target=editor.work, args=(drafts, submitted, corrected, stop_editing)
        )
        wrk = subprocess.Popen(
            [
                "wrk",
                "-t2",
                f"-c{args.connections}",
                f"-d{args.seconds}s",
                "--timeout",
                "10s",
                "-s",
                str(script),
                site,
            ],
            stdout=subprocess.PIPE,
            text=True,
        )
        processes.append(wrk)
        working.start()
        load_started = time.monotonic()
        time.sleep(min(5, args.seconds / 10))
        importer = subprocess.Popen(
            [
                sys.executable,
                "manage.py",
                "import_edition",
                *files,
                "--date",
                EDITION.isoformat(),
                "--user",
                "demo-editor",
                "-v0",
            ],
            env=server_env,
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        processes.append(importer)
        redis_stopped_at = None
        if args.fault == "redis":
            time.sleep(max(0, args.seconds / 2 - 5))
            stop(redis)
            redis_stopped_at = time.monotonic()
            print("Redis stopped.", flush=True)
        output, _ = wrk.communicate(timeout=args.seconds + 60)
        stop_editing.set()
        working.join(timeout=60)
        import_output, _ = importer.communicate(timeout=600)
        stop(gunicorn)

        result = json.loads(output.split("RESULT ", 1)[1].splitlines()[0])
        statuses = {int(k): v for k, v in result["statuses"].items()}
        non_ok = sum(v for k, v in statuses.items() if not 200 <= k < 400)
        five_xx = sum(v for k, v in statuses.items() if k >= 500)
        access = (folder / "access.log").read_text()
        logged_5xx = len(re.findall(r'" 5\d\d ', access))
        booted = (folder / "error.log").read_text().count("Booting worker")
        report = {
            "db": args.db,
            "fault": args.fault,
            "connections": args.connections,
            "seconds": args.seconds,
            "stories": args.stories,
            "req_per_s": round(result["requests"] / result["seconds"], 1),
            "p50_ms": result["p50_ms"],
            "p99_ms": result["p99_ms"],
            "statuses": statuses,
            "non_2xx_3xx": non_ok,
            "5xx_seen_by_readers": five_xx,
            "5xx_in_access_log": logged_5xx,
            "socket_errors": result["socket_errors"],
            "server_time": server_times(access),
            "workers_replaced": max(0, booted - int(env["WEB_CONCURRENCY"])),
            "editor": editor.stats,
            "editor_5xx": editor.server_errors,
            "import_exit_status": importer.returncode,
            "import_summary": (import_output.strip().splitlines() or [""])[-1],
            "redis_stopped_after_s": (
                round(redis_stopped_at - load_started, 1) if redis_stopped_at else None
            ),
            "load_average": [round(x, 2) for x in os.getloadavg()],
        }
        print(json.dumps(report, ensure_ascii=False, indent=2))
        out = ROOT / "var" / "bench" / f"load-{args.db}-{args.fault}.json"
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(report, ensure_ascii=False, indent=2))
        missed = []
        if five_xx or logged_5xx or editor.server_errors:
            missed.append("5xx answers")
        if editor.stats["lost"]:
            missed.append("lost edits")
        if result["p99_ms"] >= P99_TARGET_MS and args.fault != "redis":
            missed.append(f"p99 {result['p99_ms']:.0f} ms >= {P99_TARGET_MS} ms")
        if importer.returncode != 0:
            missed.append("the import failed")
        print("targets:", "all met" if not missed else "MISSED: " + ", ".join(missed))
        return 1 if missed else 0
    finally:
        for process in reversed(processes):
            stop(process)
        if "django" in sys.modules:
            from django.db import connections

            connections.close_all()
            # A pooled connection goes back to its pool on close: close the
            # pools too, or the database cannot be dropped.
            for connection in connections.all(initialized_only=True):
                if getattr(connection, "pool", None) is not None:
                    connection.close_pool()
        if args.db == "postgres" and args.keep:
            print(f"Kept the database newsroom_load_{os.getpid()}", flush=True)
        elif args.db == "postgres":
            subprocess.run(
                [
                    "dropdb",
                    "-h",
                    "127.0.0.1",
                    "-U",
                    "postgres",
                    "--if-exists",
                    f"newsroom_load_{os.getpid()}",
                ],
                check=False,
            )
        if args.keep:
            print(f"Kept {folder}", flush=True)
        else:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
