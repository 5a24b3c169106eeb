# shellcheck shell=bash
# PostgreSQL primary and streaming replica as two local clusters of the
# installed PostgreSQL, managed with Debian's postgresql-common tools. Their
# data lives where Debian keeps clusters (/var/lib/postgresql/VERSION/NAME);
# they are created with --start-conf=manual so nothing starts them at boot.

pg_registered() { [[ -f "/etc/postgresql/$CLUSTER_PG_VERSION/$1/postgresql.conf" ]]; }

# pg_dropcluster leaves the files it did not write, ours: remove them so
# that pg_createcluster finds no configuration directory in its way.
pg_forget_dropped() {
	local conf="/etc/postgresql/$CLUSTER_PG_VERSION/$1"
	[[ -d "$conf" ]] || return 0
	rm -f "$conf/conf.d/newsroom.conf" "$conf/pg_hba.conf"
	rmdir "$conf/conf.d" "$conf" 2>/dev/null ||
		die "$conf holds files of a dropped cluster that make cluster did not write"
}

pg_datadir() {
	pg_lsclusters -h "$CLUSTER_PG_VERSION" "$1" 2>/dev/null | awk '{print $6}'
}

pg_running() {
	pg_ctlcluster "$CLUSTER_PG_VERSION" "$1" status >/dev/null 2>&1
}

# Our settings and pg_hba.conf, written on every start so edits in deploy/
# take effect at the next restart.
pg_configure() {
	local name="$1" conf="/etc/postgresql/$CLUSTER_PG_VERSION/$1"
	install -o postgres -g postgres -m 644 "$DEPLOY/postgres/newsroom.conf" "$conf/conf.d/newsroom.conf"
	install -o postgres -g postgres -m 640 "$DEPLOY/postgres/pg_hba.conf" "$conf/pg_hba.conf"
}

pg_start() {
	local name="$1" port="$2" part="$3" datadir
	pg_configure "$name"
	if ! pg_running "$name"; then
		need_free_port "$port" "$part"
		pg_ctlcluster --skip-systemctl-redirect "$CLUSTER_PG_VERSION" "$name" start
	fi
	datadir="$(pg_datadir "$name")"
	head -1 "$datadir/postmaster.pid" >"$(pidfile "$part")"
	wait_for "$part on $port" 30 pg_isready -q -h "$CLUSTER_HOST" -p "$port"
}

start_primary() {
	if ! pg_registered "$PG_PRIMARY"; then
		say "creating PostgreSQL cluster $CLUSTER_PG_VERSION/$PG_PRIMARY on port $CLUSTER_PG_PRIMARY_PORT"
		pg_forget_dropped "$PG_PRIMARY"
		pg_createcluster --start-conf=manual --locale=C.UTF-8 -p "$CLUSTER_PG_PRIMARY_PORT" \
			"$CLUSTER_PG_VERSION" "$PG_PRIMARY" >>"$LOGS/postgres-setup.log"
	fi
	pg_start "$PG_PRIMARY" "$CLUSTER_PG_PRIMARY_PORT" postgres-primary
	if [[ -z "$(psql_at "$CLUSTER_PG_PRIMARY_PORT" -d postgres -c \
		"SELECT 1 FROM pg_database WHERE datname = '$CLUSTER_DB_NAME'")" ]]; then
		createdb -h "$CLUSTER_HOST" -p "$CLUSTER_PG_PRIMARY_PORT" -U postgres "$CLUSTER_DB_NAME"
	fi
	# The slot makes the primary keep WAL the replica has not received yet,
	# so a replica stopped for a while catches up instead of being rebuilt.
	if [[ -z "$(psql_at "$CLUSTER_PG_PRIMARY_PORT" -d postgres -c \
		"SELECT 1 FROM pg_replication_slots WHERE slot_name = '$PG_SLOT'")" ]]; then
		psql_at "$CLUSTER_PG_PRIMARY_PORT" -d postgres -c \
			"SELECT pg_create_physical_replication_slot('$PG_SLOT')" >/dev/null
	fi
}

system_identifier_of_primary() {
	psql_at "$CLUSTER_PG_PRIMARY_PORT" -d postgres -c "SELECT system_identifier FROM pg_control_system()"
}

system_identifier_of_datadir() {
	"/usr/lib/postgresql/$CLUSTER_PG_VERSION/bin/pg_controldata" "$1" 2>/dev/null |
		awk -F: '/system identifier/ {gsub(/ /, "", $2); print $2}'
}

# A replica is reusable when it is a standby of this very primary: a primary
# created anew (after pg_dropcluster) has another system identifier.
replica_reusable() {
	local datadir
	pg_registered "$PG_REPLICA" || return 1
	datadir="$(pg_datadir "$PG_REPLICA")"
	[[ -f "$datadir/standby.signal" ]] || return 1
	[[ "$(system_identifier_of_datadir "$datadir")" == "$(system_identifier_of_primary)" ]]
}

build_replica() {
	if ! pg_registered "$PG_REPLICA"; then
		say "creating streaming replica $CLUSTER_PG_VERSION/$PG_REPLICA on port $CLUSTER_PG_REPLICA_PORT"
		pg_forget_dropped "$PG_REPLICA"
		# A cluster of its own (config in /etc/postgresql), whose fresh data
		# directory is then replaced by a base backup of the primary.
		pg_createcluster --start-conf=manual -p "$CLUSTER_PG_REPLICA_PORT" \
			"$CLUSTER_PG_VERSION" "$PG_REPLICA" >>"$LOGS/postgres-setup.log"
	else
		say "rebuilding replica $PG_REPLICA: it is not a standby of $PG_PRIMARY"
	fi
	if pg_running "$PG_REPLICA"; then
		pg_ctlcluster --skip-systemctl-redirect "$CLUSTER_PG_VERSION" "$PG_REPLICA" stop -m fast
	fi
	local datadir
	datadir="$(pg_datadir "$PG_REPLICA")"
	[[ "$datadir" == /var/lib/postgresql/* ]] || die "refusing to empty $datadir"
	find "$datadir" -mindepth 1 -delete
	runuser -u postgres -- pg_basebackup -h "$CLUSTER_HOST" -p "$CLUSTER_PG_PRIMARY_PORT" -U postgres \
		-D "$datadir" --write-recovery-conf --slot="$PG_SLOT" --wal-method=stream --checkpoint=fast
}

start_replica() {
	replica_reusable || build_replica
	pg_start "$PG_REPLICA" "$CLUSTER_PG_REPLICA_PORT" postgres-replica
	wait_for "the replica to stream from the primary" 30 replica_streaming
}

stop_postgres() {
	local part="$1"
	# SIGINT is PostgreSQL's fast shutdown: open sessions are ended, data is safe.
	stop_pid "$part" INT 60
}

# The replica's state as the primary sees it: "streaming" when all is well.
replica_state() {
	psql_at "$CLUSTER_PG_PRIMARY_PORT" -d postgres -c \
		"SELECT r.state FROM pg_replication_slots s JOIN pg_stat_replication r ON r.pid = s.active_pid
		 WHERE s.slot_name = '$PG_SLOT'"
}

replica_streaming() {
	[[ "$(replica_state)" == streaming ]] &&
		[[ "$(psql_at "$CLUSTER_PG_REPLICA_PORT" -d postgres -c 'SELECT pg_is_in_recovery()')" == t ]]
}

# How far behind the replica is, in bytes of WAL, as the primary sees it.
replica_lag_bytes() {
	psql_at "$CLUSTER_PG_PRIMARY_PORT" -d postgres -c \
		"SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), r.replay_lsn)
		 FROM pg_replication_slots s JOIN pg_stat_replication r ON r.pid = s.active_pid
		 WHERE s.slot_name = '$PG_SLOT'"
}

replica_replayed() {
	[[ "$(psql_at "$CLUSTER_PG_REPLICA_PORT" -d postgres -c \
		"SELECT pg_last_wal_replay_lsn() >= '$1'::pg_lsn")" == t ]]
}
