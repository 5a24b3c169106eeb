"""make cluster-test: the whole path, proven together on the local cluster.

    .venv/bin/python deploy/cluster_test.py [--load-seconds N] [--keep]

Starts the cluster (deploy/cluster.sh start) unless it runs already, then:

1. a reporter's story goes from upload to publish in the admin, through
   Varnish: the reporter's form with its photo, submission, three
   proofreading passes by three people, 初审 and 复审, then 签发 by the chief;
   its photo is served from the S3 server (SeaweedFS) through Varnish;
2. publishing purges: the story is on the front page within 1 s; a
   retraction, made by an editor in the admin through Varnish, answers 410
   within 1 s;
3. a scheduled story appears at its time with nothing run;
4. the replica serves the public reads (its own pg_stat_user_tables);
5. load through Varnish (wrk, 16 connections, --load-seconds, 60 by default)
   while an editor adds a correction every 3 s through the admin, one app
   server is stopped and started and the replica is stopped and started;
   then nginx serves a static file of the front page's bytes to the same wrk
   (the machine's ceiling). Recorded: req/s, p99, the hit ratio, non-2xx and
   5xx counts, lost edits.

Prints the figures (also written to var/cluster/cluster-test.json), stops
the cluster if it started it, and exits 0 only when every target holds.
Loopback only; every request loop is bounded in count and time.

The scheduled story (step 3) and the load phase's stream of new stories go
through the models in this process, configured exactly as the app servers
are (var/cluster/app.env): the same save, the same on-commit purge. Step 1,
the corrections and the retraction go through the admin over HTTP.
"""

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from datetime import timedelta
from pathlib import Path

from cluster_stories import file_through_the_admin, new_story, setup_django
from cluster_tools import (
    CONNECTIONS,
    FRONT,
    HOST,
    PORTS,
    VAR,
    Editor,
    fmt,
    get,
    poll,
    table_reads,
    varnish_counters,
    varnish_running,
    verdicts,
    wrk,
)

ROOT = Path(__file__).resolve().parent.parent
CLUSTER = ROOT / "deploy" / "cluster.sh"
EDIT_EVERY = 3.0


def say(*words):
    print(*words, flush=True)


def cluster(*args, check=True):
    return subprocess.run(
        [str(CLUSTER), *args], check=check, capture_output=True, text=True
    )


# -- The steps ----------------------------------------------------------------


def step_publish_with_photo(results, password):
    from django.core.files.storage import default_storage

    headline = f"社区便民服务点开张 {time.time_ns() % 10**8}"
    article, chief = file_through_the_admin(headline, password)
    # The front page is in Varnish before: seeing the story proves the purge.
    get(FRONT + "/")
    status, headers, _ = get(FRONT + "/")
    warm = headers.get("X-Cache")
    start = time.monotonic()
    results["published_in_the_admin"] = chief.act(article.pk, "publish", "同意签发")
    shown = poll(lambda: headline.encode() in get(FRONT + "/")[2], 5)
    # From the chief's click: the admin's answer, its purge and the refetch.
    took = None if shown is None else time.monotonic() - start
    results["publish_seconds"] = took
    results["front_cached_before_publish"] = warm
    say(
        f"reporter's story with a photo, 三审三校 in the admin; 签发 → on the "
        f"front page through Varnish: {fmt(took)} (was {warm})"
    )

    page = get(FRONT + article.get_absolute_url())[2].decode()
    found = re.search(r'src="(http[^"]+/media/([^"]+\.jpg))"', page)
    photo = {"linked": bool(found)}
    if found:
        url, name = found.groups()
        status, headers, body = get(url)
        status2, headers2, _ = get(url)
        photo.update(
            url=url,
            status=status,
            type=headers.get("Content-Type"),
            server=headers.get("Server"),
            second_x_cache=headers2.get("X-Cache"),
            jpeg=body[:3] == b"\xff\xd8\xff",
            in_bucket=default_storage.exists(name),
            on_local_disk=(ROOT / "var" / "media" / name).exists(),
        )
    results["photo"] = photo
    say(f"photo through Varnish from S3: {photo}")
    return article


def step_retraction(results, editor, article):
    url = FRONT + article.get_absolute_url()
    get(url)
    warm = get(url)[1].get("X-Cache")
    start = time.monotonic()
    done = editor.act(article.pk, "unpublish", "核实有误，撤稿")
    after_answer = poll(lambda: get(url)[0] == 410, 5)
    # From the click: the admin's answer, its purge and the refetch.
    took = None if after_answer is None else time.monotonic() - start
    results["retraction_seconds"] = took
    results["retraction_admin_ok"] = done
    say(
        f"retraction in the admin → 410 through Varnish: {fmt(took)} after the "
        f"click, {fmt(after_answer)} after the admin's answer (page was {warm})"
    )


def step_scheduled(results):
    from django.utils import timezone

    headline = f"明早八点起老街封闭施工 {time.time_ns() % 10**8}"
    at = timezone.now() + timedelta(seconds=6)
    new_story(headline, published_at=at)
    get(FRONT + "/")
    early = headline.encode() in get(FRONT + "/")[2]
    wait = (at - timezone.now()).total_seconds()
    time.sleep(max(0, wait))
    took = poll(lambda: headline.encode() in get(FRONT + "/")[2], 10)
    results["scheduled_late_seconds"] = took
    results["scheduled_shown_early"] = early
    say(f"scheduled story on the front page after its time: {fmt(took)}")


def step_replica_reads(results):
    before = {db: table_reads(PORTS[db]) for db in ("primary", "replica")}
    # Searches are not in any cache: each one reads the database.
    for n in range(40):
        app = ("app1", "app2")[n % 2]
        query = urllib.parse.quote(f"社区{n}")
        get(f"http://{HOST}:{PORTS[app]}/search/?q={query}")
    time.sleep(1.5)  # statistics are flushed about once a second
    after = {db: table_reads(PORTS[db]) for db in ("primary", "replica")}
    reads = {db: after[db] - before[db] for db in before}
    results["article_table_reads_during_40_searches"] = reads
    say(f"reads of articles_article during 40 searches: {reads}")


# -- Load ---------------------------------------------------------------------


def public_paths():
    from articles.models import Article
    from staff.models import Department

    stories = [
        a.get_absolute_url()
        for a in Article.objects.published().order_by("-published_at")[:12]
    ]
    desks = [d.get_absolute_url() for d in Department.objects.all()[:4]]
    return ["/", "/latest/", "/feed.rss", *desks, *stories]


def editing(editor, stories, stop, log):
    """Every few seconds publish a story or correct one; check each shows."""
    from django.db import DatabaseError, connection

    n = 0
    deadline = time.monotonic() + 600
    while not stop.is_set() and time.monotonic() < deadline:
        start = time.monotonic()
        if n % 2:
            # Through the admin, on whichever app server Varnish picks.
            story = stories[n % len(stories)]
            text = f"更正{n}：第二段中的日期应为12月{n % 28 + 1}日。"
            ok = editor.act(story.pk, "correct", text)
            url = FRONT + story.get_absolute_url()
            kind = "correction"
        else:
            text = f"街道开展第{n}次垃圾分类入户宣传 {time.time_ns() % 10**6}"
            try:
                new_story(text)
                ok = True
            except DatabaseError:
                ok = False
            url = FRONT + "/"
            kind = "publication"
        visible = poll(lambda u=url, t=text: t.encode() in get(u)[2], 5) if ok else None
        log.append({"kind": kind, "text": text, "saved": ok, "visible": visible})
        n += 1
        stop.wait(max(0, EDIT_EVERY - (time.monotonic() - start)))
    connection.close()


def disturb(seconds, stop, log):
    """Stop and start one app server, then the replica, during the load."""
    plan = [
        (0.15, "stop", "app1"),
        (0.35, "start", "app1"),
        (0.5, "stop", "replica"),
        (0.7, "start", "replica"),
    ]
    begin = time.monotonic()
    for share, verb, part in plan:
        if stop.wait(max(0, begin + share * seconds - time.monotonic())):
            return
        done = cluster(verb, part, check=False)
        log.append(
            {
                "at_s": round(time.monotonic() - begin, 1),
                "action": f"{verb} {part}",
                "rc": done.returncode,
            }
        )
        say(f"  {log[-1]['at_s']:5.1f} s  {verb} {part} (exit {done.returncode})")


def step_load(results, editor, seconds, folder):
    from articles.models import Article, Correction

    paths = public_paths()
    results["load_paths"] = paths
    stories = list(Article.objects.published().order_by("-published_at")[:6])
    for path in paths:  # into the cache first, as a running site has it
        get(FRONT + path)
    counters_before = varnish_counters()
    stop = threading.Event()
    edits, events = [], []
    threads = [
        threading.Thread(target=editing, args=(editor, stories, stop, edits)),
        threading.Thread(target=disturb, args=(seconds, stop, events)),
    ]
    for thread in threads:
        thread.start()
    try:
        load = wrk(FRONT, paths, seconds, folder)
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=30)
    counters_after = varnish_counters()
    delta = {k: counters_after[k] - counters_before.get(k, 0) for k in counters_after}
    hits = delta.get("MAIN.cache_hit", 0)
    misses = delta.get("MAIN.cache_miss", 0)
    load["hit_ratio"] = hits / max(1, hits + misses)
    load["hits"], load["misses"] = hits, misses
    saved = {c.text for c in Correction.objects.filter(article__in=stories)}
    saved |= set(
        Article.objects.published()
        .filter(headline__in=[e["text"] for e in edits])
        .values_list("headline", flat=True)
    )
    lost = [e["text"] for e in edits if e["text"] not in saved]
    late = [e for e in edits if e["saved"] and (e["visible"] is None)]
    load["edits"] = len(edits)
    load["lost_edits"] = len(lost)
    load["edits_not_visible_in_5s"] = len(late)
    visible = [e["visible"] for e in edits if e["visible"] is not None]
    load["edit_visible_max_seconds"] = max(visible) if visible else None
    load["events"] = events
    results["load"] = load
    say(
        f"load through Varnish, {seconds} s at {CONNECTIONS} connections: "
        f"{load['rps']:.0f} req/s, p99 {load['p99_us'] / 1000:.1f} ms, "
        f"hit ratio {load['hit_ratio']:.4f}, non-2xx {load['non_2xx']}, "
        f"5xx {load['5xx']}, socket errors {load.get('errors', 0)}; "
        f"{len(edits)} edits, {len(lost)} lost, slowest shown after "
        f"{fmt(load['edit_visible_max_seconds'])}"
    )


def gzipped(path):
    request = urllib.request.Request(FRONT + path, headers={"Accept-Encoding": "gzip"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.read()


def step_ceiling(results, seconds, folder):
    # nginx serves static files of the very bytes Varnish sends for each page
    # of the load (compressed, as asked for), over the same list of pages.
    www = VAR / "nginx" / "www"
    sizes, statics = [], []
    for n, path in enumerate(results["load_paths"]):
        body = gzipped(path)
        (www / f"ceiling-{n}.html").write_bytes(body)
        statics.append(f"/ceiling-{n}.html")
        sizes.append(len(body))
    nginx = f"http://{HOST}:{PORTS['nginx']}"
    ceiling = wrk(nginx, statics, seconds, folder)
    front = wrk(FRONT, ["/"], seconds, folder)
    front_static = wrk(nginx, ["/ceiling-0.html"], seconds, folder)
    mix = results["load"]["rps"] / ceiling["rps"]
    results["ceiling"] = {
        "mean_bytes": sum(sizes) / len(sizes),
        "nginx_rps": ceiling["rps"],
        "nginx_p99_us": ceiling["p99_us"],
        "load_share": mix,
        "front_bytes": sizes[0],
        "nginx_front_rps": front_static["rps"],
        "varnish_front_rps": front["rps"],
        "varnish_front_p99_us": front["p99_us"],
        "front_share": front["rps"] / front_static["rps"],
    }
    say(
        f"ceiling, nginx serving the same {len(sizes)} pages' bytes "
        f"(mean {sum(sizes) / len(sizes):.0f}): {ceiling['rps']:.0f} req/s; "
        f"the load mix under failures {results['load']['rps']:.0f} req/s "
        f"({mix:.0%}). Front page alone ({sizes[0]} bytes): nginx "
        f"{front_static['rps']:.0f}, Varnish {front['rps']:.0f} req/s "
        f"({results['ceiling']['front_share']:.0%})"
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--load-seconds",
        type=int,
        default=int(os.environ.get("CLUSTER_TEST_LOAD_SECONDS", "60")),
    )
    parser.add_argument(
        "--ceiling-seconds",
        type=int,
        default=int(os.environ.get("CLUSTER_TEST_CEILING_SECONDS", "10")),
    )
    parser.add_argument(
        "--keep", action="store_true", help="leave the cluster running at the end"
    )
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        say("installing wrk (Debian package)")
        subprocess.run(["apt-get", "update", "-qq"], check=True)
        subprocess.run(
            ["apt-get", "install", "-y", "-qq", "wrk"],
            check=True,
            env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"},
        )
    was_running = varnish_running()
    started = time.monotonic()
    say("starting the cluster (deploy/cluster.sh start)")
    up = subprocess.run([str(CLUSTER), "start"], check=False)
    if up.returncode != 0:
        say("the cluster did not start")
        return 1
    say(f"cluster up in {time.monotonic() - started:.1f} s")
    results = {"load_seconds": args.load_seconds}
    ok = False
    try:
        setup_django()
        password = (ROOT / "var" / "demo_password").read_text().strip()
        editor = Editor("demo-chief", password)
        with tempfile.TemporaryDirectory() as folder:
            folder = Path(folder)
            article = step_publish_with_photo(results, password)
            step_retraction(results, editor, article)
            step_scheduled(results)
            step_replica_reads(results)
            step_load(results, editor, args.load_seconds, folder)
            step_ceiling(results, args.ceiling_seconds, folder)
        checks = verdicts(results)
        results["checks"] = checks
        # Throughput against nginx measures the machine as much as the code:
        # on a CPU shared with other work it moves by tens of percent. Where
        # that is known (CI sets it), the figure is printed and kept, but
        # does not decide the exit status; every correctness target does.
        advisory = {
            name
            for name in os.environ.get("CLUSTER_TEST_ADVISORY", "").split(",")
            if name
        }
        say("")
        for what, passed in checks.items():
            mark = "ok  " if passed else "FAIL"
            if not passed and any(what.startswith(name) for name in advisory):
                mark = "MISS (advisory)"
            say(f"{mark} {what}")
        ok = all(
            passed
            for what, passed in checks.items()
            if not any(what.startswith(name) for name in advisory)
        )
    finally:
        (VAR / "cluster-test.json").write_text(
            json.dumps(results, indent=2, ensure_ascii=False, default=str)
        )
        if not (was_running or args.keep):
            say("stopping the cluster")
            subprocess.run([str(CLUSTER), "stop"], check=False)
    say(f"cluster test {'passed' if ok else 'FAILED'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
