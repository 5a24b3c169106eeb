# shellcheck shell=bash
# shellcheck disable=SC2034  # the variables are used by the scripts that source this
# Shared settings and helpers for deploy/cluster.sh and deploy/smoke.sh.
# Sourced, not run. Every port can be moved with an environment variable, so
# two checkouts on one machine can each run a cluster.

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
DEPLOY="$ROOT/deploy"
VENV_BIN="$ROOT/.venv/bin"

: "${CLUSTER_HOST:=127.0.0.1}"
: "${CLUSTER_PG_PRIMARY_PORT:=5433}"
: "${CLUSTER_PG_REPLICA_PORT:=5434}"
: "${CLUSTER_REDIS_PORT:=6380}"
: "${CLUSTER_WEED_MASTER_PORT:=9340}"
: "${CLUSTER_WEED_VOLUME_PORT:=9341}"
: "${CLUSTER_WEED_FILER_PORT:=9342}"
: "${CLUSTER_S3_PORT:=9343}"
: "${CLUSTER_APP1_PORT:=8301}"
: "${CLUSTER_APP2_PORT:=8302}"
: "${CLUSTER_VARNISH_PORT:=8300}"
: "${CLUSTER_VARNISH_ADMIN_PORT:=8309}"
: "${CLUSTER_NGINX_PORT:=8303}"
# Sync workers per app server: Varnish buffers slow clients, so a worker is
# busy only while Django renders.
: "${CLUSTER_APP_WORKERS:=2}"
: "${CLUSTER_VARNISH_MEMORY:=256m}"
: "${CLUSTER_REDIS_MEMORY:=256mb}"
: "${CLUSTER_DB_NAME:=newsroom}"
: "${CLUSTER_S3_BUCKET:=newsroom-media}"
installed_pg_version() {
	find /usr/lib/postgresql -mindepth 1 -maxdepth 1 -printf '%f\n' 2>/dev/null | sort -n | tail -1
}
: "${CLUSTER_PG_VERSION:=$(installed_pg_version)}"

VAR="$ROOT/var/cluster"
PIDS="$VAR/pid"
LOGS="$VAR/log"
APP_ENV="$VAR/app.env"

PG_PRIMARY="newsroom-$CLUSTER_PG_PRIMARY_PORT"
PG_REPLICA="newsroom-$CLUSTER_PG_REPLICA_PORT"
PG_SLOT="newsroom_replica_$CLUSTER_PG_REPLICA_PORT"

say() { printf '%s\n' "$*" >&2; }
die() {
	say "cluster: $*"
	exit 1
}

now_ms() { date +%s%3N; }

# Wait until a command succeeds, up to a number of seconds.
wait_for() {
	local what="$1" seconds="$2"
	shift 2
	local deadline=$(($(date +%s) + seconds))
	until "$@" >/dev/null 2>&1; do
		if (($(date +%s) >= deadline)); then
			say "cluster: gave up after ${seconds}s waiting for $what"
			return 1
		fi
		sleep 0.2
	done
}

http_code() {
	curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$@"
}

http_ok() {
	[[ "$(http_code "$1")" == 200 ]]
}

port_open() {
	(exec 3<>"/dev/tcp/$CLUSTER_HOST/$1") 2>/dev/null
}

# The process listening on a port, for the message when it is not ours.
port_owner() {
	ss -Hltnp "sport = :$1" 2>/dev/null | grep -o 'users:(([^)]*))' | head -1
}

# Refuse to start on a port something else holds.
need_free_port() {
	local port="$1" part="$2"
	if port_open "$port"; then
		die "port $port (for $part) is in use by $(port_owner "$port"), which make cluster did not start"
	fi
}

pidfile() { printf '%s/%s.pid\n' "$PIDS" "$1"; }

# Alive and not a zombie: an exited daemon stays a zombie until PID 1 reaps
# it, which here can take a second or two.
running() {
	local state
	state="$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null)" || return 1
	[[ -n "$state" && "$state" != Z ]]
}

# What a part's command line looks like (an extended regex): a PID that the
# kernel has since given to another program is never taken for the part.
part_pattern() {
	case "$1" in
	postgres-primary) echo "bin/postgres -D [^ ]*/$PG_PRIMARY " ;;
	postgres-replica) echo "bin/postgres -D [^ ]*/$PG_REPLICA " ;;
	redis) echo "^redis-server $CLUSTER_HOST:$CLUSTER_REDIS_PORT" ;;
	seaweedfs) echo "bin/weed .*server .*-master.port=$CLUSTER_WEED_MASTER_PORT " ;;
	app1) echo "bin/gunicorn newsroom.wsgi .*--bind $CLUSTER_HOST:$CLUSTER_APP1_PORT " ;;
	app2) echo "bin/gunicorn newsroom.wsgi .*--bind $CLUSTER_HOST:$CLUSTER_APP2_PORT " ;;
	nginx) echo "^nginx: master process nginx -p $VAR/nginx/ " ;;
	varnish) echo "^varnishd -a $CLUSTER_HOST:$CLUSTER_VARNISH_PORT " ;;
	*) die "no pidfile for $1" ;;
	esac
}

# The PID in a part's pidfile, if that process is alive and is the part.
live_pid() {
	local file pid
	file="$(pidfile "$1")"
	[[ -s "$file" ]] || return 1
	pid="$(head -1 "$file")"
	[[ "$pid" =~ ^[0-9]+$ ]] && running "$pid" || return 1
	tr '\0' ' ' <"/proc/$pid/cmdline" | grep -Eq -- "$(part_pattern "$1")" || return 1
	printf '%s\n' "$pid"
}

# Stop one part by the PID in its pidfile: send the signal, wait for the
# process to exit, then remove the pidfile. Nothing else is touched.
stop_pid() {
	local part="$1" signal="$2" seconds="$3" pid
	if ! pid="$(live_pid "$part")"; then
		[[ ! -e "$(pidfile "$part")" ]] || say "$part was not running (stale pidfile removed)"
		rm -f "$(pidfile "$part")"
		return 0
	fi
	kill "-$signal" "$pid" 2>/dev/null || true
	local deadline=$(($(date +%s) + seconds))
	while running "$pid"; do
		if (($(date +%s) >= deadline)); then
			say "cluster: $part (pid $pid) ignored SIG$signal for ${seconds}s; sending SIGKILL"
			kill -KILL "$pid" 2>/dev/null || true
			sleep 0.5
			break
		fi
		sleep 0.1
	done
	rm -f "$(pidfile "$part")"
	say "stopped $part (pid $pid)"
}

# Copy a config file from deploy/, replacing @NAME@ with the value of $NAME.
render() {
	local src="$1" dest="$2" text name
	text="$(<"$src")"
	for name in $(grep -o '@[A-Z0-9_]*@' "$src" | sort -u | tr -d @); do
		[[ -n "${!name+x}" ]] || die "$src uses @$name@, which is not set"
		text="${text//@$name@/${!name}}"
	done
	printf '%s\n' "$text" >"$dest.tmp"
	mv "$dest.tmp" "$dest"
}

psql_at() {
	local port="$1"
	shift
	psql -X -q -At -h "$CLUSTER_HOST" -p "$port" -U postgres "$@"
}

# The app servers' environment, as a list of NAME=value words for env -i.
app_env_words() {
	grep -E '^[A-Z_][A-Z0-9_]*=' "$APP_ENV"
}

manage() {
	local -a words
	mapfile -t words < <(app_env_words)
	env -i PATH="$VENV_BIN:/usr/bin:/bin" LANG=C.UTF-8 "${words[@]}" \
		"$VENV_BIN/python" "$ROOT/manage.py" "$@"
}
