"""How long a commit on the primary takes to become visible on the replica.

    replica_lag.py [--samples N]

Each sample commits a transaction on the primary (taking a transaction id
writes a commit record), reads the primary's WAL position, and polls the
replica's replay position over an open connection until it has passed it.
Both addresses come from DATABASE_URL and DATABASE_REPLICA_URL, as
deploy/cluster.sh gives them to the app servers (var/cluster/app.env).
"""

import argparse
import os
import statistics
import sys
import time

import psycopg

POLL_SECONDS = 0.0005
TIMEOUT_SECONDS = 30


def sample(primary, replica):
    """Milliseconds from a primary commit to its replay on the replica."""
    with primary.cursor() as cursor:
        cursor.execute("SELECT pg_current_xact_id()")
    primary.commit()
    committed = time.perf_counter()
    with primary.cursor() as cursor:
        cursor.execute("SELECT pg_current_wal_lsn()")
        target = cursor.fetchone()[0]
    primary.commit()
    with replica.cursor() as cursor:
        while True:
            cursor.execute("SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", [target])
            if cursor.fetchone()[0]:
                return (time.perf_counter() - committed) * 1000
            if time.perf_counter() - committed > TIMEOUT_SECONDS:
                raise TimeoutError(f"the replica did not replay {target} in 30 s")
            time.sleep(POLL_SECONDS)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=20)
    args = parser.parse_args()
    with (
        psycopg.connect(os.environ["DATABASE_URL"]) as primary,
        psycopg.connect(os.environ["DATABASE_REPLICA_URL"], autocommit=True) as replica,
    ):
        with replica.cursor() as cursor:
            cursor.execute("SELECT pg_is_in_recovery()")
            if not cursor.fetchone()[0]:
                sys.exit("DATABASE_REPLICA_URL is not a replica (not in recovery)")
        times = sorted(sample(primary, replica) for _ in range(args.samples))
    print(
        f"commit to replay on the replica, {len(times)} samples: "
        f"min {times[0]:.1f} ms, median {statistics.median(times):.1f} ms, "
        f"max {times[-1]:.1f} ms"
    )


if __name__ == "__main__":
    main()
