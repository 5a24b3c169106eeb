# shellcheck shell=bash
# Redis, SeaweedFS, the app servers, nginx and Varnish: each started in the
# background with its PID in var/cluster/pid/, each start a no-op when the
# part already runs.

start_redis() {
	if live_pid redis >/dev/null; then return 0; fi
	need_free_port "$CLUSTER_REDIS_PORT" redis
	mkdir -p "$VAR/redis"
	# A cache only: nothing is written to disk, and the least recently used
	# keys make room when memory is full.
	redis-server --bind "$CLUSTER_HOST" --port "$CLUSTER_REDIS_PORT" --daemonize yes \
		--pidfile "$(pidfile redis)" --logfile "$LOGS/redis.log" --dir "$VAR/redis" \
		--save "" --appendonly no \
		--maxmemory "$CLUSTER_REDIS_MEMORY" --maxmemory-policy allkeys-lru
	wait_for "redis on $CLUSTER_REDIS_PORT" 10 redis-cli -h "$CLUSTER_HOST" -p "$CLUSTER_REDIS_PORT" ping
}

# One `weed server` runs SeaweedFS's master, volume server, filer and S3
# gateway. Its gRPC ports are the HTTP ports + 10000 (SeaweedFS's own rule),
# set explicitly; the Iceberg and Lance catalogues and telemetry are off.
# TMPDIR keeps its temporary files in var/ (its gRPC sockets stay in /tmp).
start_seaweedfs() {
	if live_pid seaweedfs >/dev/null; then return 0; fi
	local port
	for port in "$CLUSTER_WEED_MASTER_PORT" "$CLUSTER_WEED_VOLUME_PORT" "$CLUSTER_WEED_FILER_PORT" "$CLUSTER_S3_PORT"; do
		need_free_port "$port" seaweedfs
		need_free_port $((port + 10000)) "seaweedfs gRPC"
	done
	mkdir -p "$VAR/seaweedfs/data" "$VAR/seaweedfs/run"
	TMPDIR="$VAR/seaweedfs/run" setsid "$VENV_BIN/weed" -logtostderr server -ip="$CLUSTER_HOST" -ip.bind="$CLUSTER_HOST" \
		-dir="$VAR/seaweedfs/data" -volume.max=32 -master.volumeSizeLimitMB=64 \
		-master.port="$CLUSTER_WEED_MASTER_PORT" -master.port.grpc=$((CLUSTER_WEED_MASTER_PORT + 10000)) \
		-volume.port="$CLUSTER_WEED_VOLUME_PORT" -volume.port.grpc=$((CLUSTER_WEED_VOLUME_PORT + 10000)) \
		-filer -filer.port="$CLUSTER_WEED_FILER_PORT" -filer.port.grpc=$((CLUSTER_WEED_FILER_PORT + 10000)) \
		-filer.localSocket="$VAR/seaweedfs/run/filer.sock" \
		-s3 -s3.port="$CLUSTER_S3_PORT" -s3.port.grpc=$((CLUSTER_S3_PORT + 10000)) \
		-s3.localSocket="$VAR/seaweedfs/run/s3.sock" -s3.config="$VAR/seaweedfs/s3.json" \
		-s3.port.iceberg=0 -s3.port.lance=0 \
		-master.telemetry=false -master.electionTimeout=1s -volume.preStopSeconds=0 \
		</dev/null >>"$LOGS/seaweedfs.log" 2>&1 &
	echo $! >"$(pidfile seaweedfs)"
}

# The S3 gateway answers once master, volume server and filer have met; the
# bucket is created then (an existing one is kept).
wait_seaweedfs() {
	wait_for "the S3 gateway on $CLUSTER_S3_PORT" 60 port_open "$CLUSTER_S3_PORT"
	wait_for "the media bucket" 60 s3_tool ensure-bucket
}

# A Python tool of deploy/ run with the app servers' environment.
deploy_tool() {
	local script="$1" words
	shift
	mapfile -t words < <(app_env_words)
	env -i PATH="$VENV_BIN:/usr/bin:/bin" "${words[@]}" "$VENV_BIN/python" "$DEPLOY/$script" "$@"
}

s3_tool() { deploy_tool s3.py "$@"; }

start_app() {
	local part="$1" port="$2"
	if live_pid "$part" >/dev/null; then return 0; fi
	need_free_port "$port" "$part"
	local -a words
	mapfile -t words < <(app_env_words)
	# env -i: the app server sees the variables of var/cluster/app.env and
	# nothing of the shell that ran make.
	env -i PATH="$VENV_BIN:/usr/bin:/bin" LANG=C.UTF-8 "${words[@]}" \
		"$VENV_BIN/gunicorn" newsroom.wsgi --chdir "$ROOT" --daemon \
		--bind "$CLUSTER_HOST:$port" --workers "$CLUSTER_APP_WORKERS" \
		--timeout 30 --graceful-timeout 5 --pid "$(pidfile "$part")" \
		--access-logfile "$LOGS/$part-access.log" --error-logfile "$LOGS/$part.log" --capture-output
}

wait_app() {
	wait_for "$1 on $2" 60 http_ok "http://$CLUSTER_HOST:$2/healthz"
}

start_nginx() {
	if live_pid nginx >/dev/null; then return 0; fi
	need_free_port "$CLUSTER_NGINX_PORT" nginx
	mkdir -p "$VAR/nginx/www" "$VAR/nginx/temp"
	NGINX_PREFIX="$VAR/nginx" NGINX_PIDFILE="$(pidfile nginx)" NGINX_LOGS="$LOGS" \
		STATIC_ROOT="$ROOT/var/static" render "$DEPLOY/nginx/nginx.conf" "$VAR/nginx/nginx.conf"
	nginx -p "$VAR/nginx/" -c "$VAR/nginx/nginx.conf" -e "$LOGS/nginx-error.log"
	wait_for "nginx on $CLUSTER_NGINX_PORT" 10 port_open "$CLUSTER_NGINX_PORT"
}

# The physical ceiling: nginx serves, as a static file, the very bytes of the
# front page that Varnish serves, so the load test compares like with like.
# Another size: deploy/cluster.sh ceiling-file BYTES.
write_ceiling_front_page() {
	curl -sf --max-time 10 -o "$VAR/nginx/www/front.html.tmp" "http://$CLUSTER_HOST:$CLUSTER_VARNISH_PORT/"
	mv "$VAR/nginx/www/front.html.tmp" "$VAR/nginx/www/front.html"
}

write_ceiling_file() {
	local bytes="$1"
	[[ "$bytes" =~ ^[0-9]+$ ]] || die "ceiling-file takes a size in bytes"
	mkdir -p "$VAR/nginx/www"
	head -c "$bytes" /dev/zero | tr '\0' x >"$VAR/nginx/www/bytes-$bytes.txt"
	echo "http://$CLUSTER_HOST:$CLUSTER_NGINX_PORT/bytes-$bytes.txt"
}

# The backends Varnish talks to, from the ports in use; the rest of the VCL
# is deploy/varnish/newsroom.vcl.
render_varnish_backends() {
	mkdir -p "$VAR/varnish"
	{
		echo "# Written by deploy/cluster.sh from the cluster's ports."
		local name port
		for name in app1 app2; do
			if [[ "$name" == app1 ]]; then port="$CLUSTER_APP1_PORT"; else port="$CLUSTER_APP2_PORT"; fi
			cat <<-VCL
				backend $name {
				    .host = "$CLUSTER_HOST";
				    .port = "$port";
				    .probe = app_alive;
				    .connect_timeout = 1s;
				    .first_byte_timeout = 30s;
				    .between_bytes_timeout = 10s;
				}
			VCL
		done
		cat <<-VCL
			backend media {
			    .host = "$CLUSTER_HOST";
			    .port = "$CLUSTER_S3_PORT";
			}
			backend static {
			    .host = "$CLUSTER_HOST";
			    .port = "$CLUSTER_NGINX_PORT";
			}
			sub newsroom_media_bucket {
			    set bereq.url = regsub(bereq.url, "^/media/", "/$CLUSTER_S3_BUCKET/");
			}
		VCL
	} >"$VAR/varnish/backends.vcl"
}

varnish_admin() {
	# -n finds the admin address and secret in the working directory.
	varnishadm -n "$VAR/varnish/work" "$@"
}

start_varnish() {
	render_varnish_backends
	if live_pid varnish >/dev/null; then
		# Already running: load the current VCL, keeping the cache.
		local name
		name="newsroom_$(date +%s%N)"
		varnish_admin vcl.load "$name" "$DEPLOY/varnish/newsroom.vcl" >/dev/null
		varnish_admin vcl.use "$name" >/dev/null
		# The VCLs it replaces are dropped once no request uses them.
		local old
		for old in $(varnish_admin vcl.list | awk '$1 == "available" {print $NF}'); do
			varnish_admin vcl.discard "$old" >/dev/null || true
		done
		return 0
	fi
	need_free_port "$CLUSTER_VARNISH_PORT" varnish
	need_free_port "$CLUSTER_VARNISH_ADMIN_PORT" "varnish admin"
	[[ -s "$VAR/varnish/secret" ]] || (umask 077 && head -c 32 /dev/urandom | base64 >"$VAR/varnish/secret")
	# default_ttl: how long an app response that says nothing about caching
	# is kept (see deploy/README.md, "Front cache").
	varnishd -a "$CLUSTER_HOST:$CLUSTER_VARNISH_PORT" -n "$VAR/varnish/work" \
		-S "$VAR/varnish/secret" -T "$CLUSTER_HOST:$CLUSTER_VARNISH_ADMIN_PORT" \
		-P "$(pidfile varnish)" -f "$DEPLOY/varnish/newsroom.vcl" \
		-p vcl_path="$VAR/varnish:$DEPLOY/varnish" -p default_ttl=60 \
		-s "malloc,$CLUSTER_VARNISH_MEMORY" >>"$LOGS/varnish.log" 2>&1
	wait_for "varnish on $CLUSTER_VARNISH_PORT" 10 port_open "$CLUSTER_VARNISH_PORT"
}

# "healthy" or "sick" for one backend, as Varnish's probe last saw it.
varnish_backend_health() {
	varnish_admin backend.list 2>/dev/null | awk -v b="$1" '$1 ~ "\\." b "$" {print $4}'
}

varnish_backends_healthy() {
	[[ "$(varnish_backend_health app1)" == healthy && "$(varnish_backend_health app2)" == healthy ]]
}
