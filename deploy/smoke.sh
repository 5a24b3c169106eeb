#!/usr/bin/env bash
# Checks each part of a running cluster (make cluster first), then stops one
# app server and starts it again. Exits non-zero when any check fails; the
# last line counts them.
set -uo pipefail

# shellcheck source=deploy/lib/common.sh
source "$(dirname "$0")/lib/common.sh"
# shellcheck source=deploy/lib/postgres.sh
source "$DEPLOY/lib/postgres.sh"
# shellcheck source=deploy/lib/services.sh
source "$DEPLOY/lib/services.sh"

FRONT="http://$CLUSTER_HOST:$CLUSTER_VARNISH_PORT"
passed=0
failed=0

check() {
	local what="$1"
	shift
	if "$@"; then
		echo "ok   $what"
		passed=$((passed + 1))
	else
		echo "FAIL $what"
		failed=$((failed + 1))
	fi
}

# The X-Cache verdict (HIT, MISS or PASS) of one request through Varnish.
cache_verdict() {
	curl -s -o /dev/null -D - --max-time 10 "$@" | tr -d '\r' | awk -F': ' 'tolower($1) == "x-cache" {print $2}'
}

is() { [[ "$1" == "$2" ]] || { say "     expected $2, got ${1:-nothing}"; return 1; }; }

ban() { [[ "$(http_code -X BAN "$@")" == 200 ]]; }

[[ -f "$APP_ENV" ]] || die "no cluster here: run make cluster first"

echo "== PostgreSQL"
check "the primary sees the replica streaming (pg_stat_replication)" is "$(replica_state)" streaming
check "the replica is in recovery (pg_is_in_recovery)" \
	is "$(psql_at "$CLUSTER_PG_REPLICA_PORT" -d postgres -c 'SELECT pg_is_in_recovery()')" t
count_query="SELECT count(*) FROM articles_article WHERE status = 'published'"
primary_count="$(psql_at "$CLUSTER_PG_PRIMARY_PORT" -d "$CLUSTER_DB_NAME" -c "$count_query")"
lag="$(deploy_tool replica_lag.py --samples 10)"
check "a commit on the primary is replayed on the replica (${lag#*: })" [ -n "$lag" ]
check "the replica has the primary's $primary_count published demo stories" is \
	"$(psql_at "$CLUSTER_PG_REPLICA_PORT" -d "$CLUSTER_DB_NAME" -c "$count_query")" "$primary_count"
check "the demo is loaded (stories > 0)" [ "${primary_count:-0}" -gt 0 ]
check "the replica refuses writes" \
	bash -c "! psql -X -q -h $CLUSTER_HOST -p $CLUSTER_PG_REPLICA_PORT -U postgres -d postgres \
		-c 'CREATE TABLE smoke_write (id int)' 2>/dev/null"

echo "== Redis"
check "redis answers on $CLUSTER_REDIS_PORT" is "$(redis-cli -h "$CLUSTER_HOST" -p "$CLUSTER_REDIS_PORT" ping)" PONG
check "redis persists nothing (save is off)" \
	is "$(redis-cli -h "$CLUSTER_HOST" -p "$CLUSTER_REDIS_PORT" config get save | tail -1)" ""

echo "== Object storage (SeaweedFS S3, boto3)"
check "put, get, anonymous read, refused anonymous writes, delete" s3_tool roundtrip
key="smoke/$(date +%s%N).txt"
body="media $key"
printf '%s' "$body" | s3_tool put "$key" --content-type "text/plain" --cache-control "max-age=2"
check "Varnish serves the object from the bucket at /media/ (MISS)" is "$(cache_verdict "$FRONT/media/$key")" MISS
check "the second GET is a hit" is "$(cache_verdict "$FRONT/media/$key")" HIT
check "the bytes through Varnish are the bytes uploaded" is "$(curl -s "$FRONT/media/$key")" "$body"
sleep 2.5
check "Cache-Control max-age=2 is honoured: refetched after 2 s" is "$(cache_verdict "$FRONT/media/$key")" MISS
s3_tool delete "$key"
ban "$FRONT/media/$key"
check "after delete and BAN, the object is gone through Varnish" is "$(http_code "$FRONT/media/$key")" 404

echo "== App servers"
for port in "$CLUSTER_APP1_PORT" "$CLUSTER_APP2_PORT"; do
	check "gunicorn on $port serves the front page" is "$(http_code "http://$CLUSTER_HOST:$port/")" 200
done

echo "== Varnish"
ban "$FRONT/"
check "after a BAN of /, the front page is a MISS" is "$(cache_verdict "$FRONT/")" MISS
check "the second GET is a HIT" is "$(cache_verdict "$FRONT/")" HIT
check "a browser's own Accept-Language shares the copy" \
	is "$(cache_verdict -H 'Accept-Language: zh-CN,zh;q=0.9' "$FRONT/")" HIT
check "a csrftoken cookie alone still gets the cached copy" \
	is "$(cache_verdict -H 'Cookie: csrftoken=x' "$FRONT/")" HIT
check "a session cookie passes to the app" is "$(cache_verdict -H 'Cookie: sessionid=x' "$FRONT/")" PASS
check "the admin passes to the app" is "$(cache_verdict "$FRONT/admin/login/")" PASS
check "a POST passes to the app" is "$(cache_verdict -X POST "$FRONT/")" PASS
ban "$FRONT/"
check "a BAN of / purges it (MISS)" is "$(cache_verdict "$FRONT/")" MISS
static_file="$(cd "$ROOT/var/static" && find admin/css -name '*.css' | head -1)"
cache_verdict "$FRONT/static/$static_file" >/dev/null
check "a static file is cached (HIT)" is "$(cache_verdict "$FRONT/static/$static_file")" HIT
check "BAN with xkey: static purges every static file" \
	bash -c "curl -s -X BAN -H 'xkey: static' '$FRONT/' | grep -q 'Purged [1-9]'"
check "the static file is then a MISS" is "$(cache_verdict "$FRONT/static/$static_file")" MISS
# The purgers ACL names the app servers' address, 127.0.0.1; another
# loopback address stands in for a stranger.
check "a BAN from an address outside the purgers ACL is refused (403)" \
	is "$(http_code --interface 127.0.0.2 -X BAN "$FRONT/")" 403

echo "== One app server down"
"$DEPLOY/cluster.sh" stop app2 2>/dev/null
all_ok=1
for _ in $(seq 1 30); do
	[[ "$(http_code "$FRONT/admin/login/")" == 200 ]] || all_ok=""
done
check "with app2 stopped, 30 passed requests through Varnish all get 200" [ -n "$all_ok" ]
check "Varnish's probe marks app2 sick" \
	wait_for "app2 sick" 10 bash -c "[[ \$(varnishadm -n '$VAR/varnish/work' backend.list | awk '/\\.app2 / {print \$4}') == sick ]]"
check "the front page still answers 200" is "$(http_code "$FRONT/")" 200
"$DEPLOY/cluster.sh" start app2 2>/dev/null
check "app2 started again is healthy in Varnish" wait_for "app2 healthy" 20 varnish_backends_healthy

echo
echo "$passed passed, $failed failed"
((failed == 0))
