#!/usr/bin/env bash
# A throwaway PostgreSQL 15 + PostGIS cluster on loopback, for running the test suite
# against a real server (TEST_DATABASE_URL) instead of the embedded PGlite.
#
#   bash tests/setup/postgres.sh start    # init + start (idempotent); prints the URL on stdout
#   bash tests/setup/postgres.sh url      # print the URL (the superuser, for administration)
#   bash tests/setup/postgres.sh url-owner  # the same database as sedz_owner (runs migrations)
#   bash tests/setup/postgres.sh url-app    # the same database as sedz_app (the app's queries)
#   bash tests/setup/postgres.sh status   # exit 0 when running
#   bash tests/setup/postgres.sh stop     # stop and delete the cluster
#
#   TEST_DATABASE_URL="$(bash tests/setup/postgres.sh start)" npm test
#
# Two roles besides the superuser, as the README's "Security notes" ask of production:
# `sedz_owner` owns the schema and runs the migrations, `sedz_app` owns nothing and has only
# the grants the app needs (src/lib/server/db/roles.ts). The test setup (tests/setup/*.ts)
# builds its template databases owned by sedz_owner and runs the tests' queries as sedz_app.
#
# Environment:
#   PGPORT       port on 127.0.0.1 (default 55432)
#   PG_TEST_DIR  where the cluster lives (default /tmp/sedz-pg-$PGPORT)
#   PG_BIN       PostgreSQL binaries (default /usr/lib/postgresql/15/bin; never the ones on
#                PATH, which may be another build or version)
#
# Needs Debian's postgresql-15 and postgresql-15-postgis-3 (see .ci/run). PostgreSQL refuses
# to run as root, so as root the server runs as the `postgres` system user the package creates.
# Trust authentication on 127.0.0.1 only, fsync off: this is a disposable test cluster, never
# a place for data you want to keep.
set -euo pipefail

PGPORT="${PGPORT:-55432}"
PG_BIN="${PG_BIN:-/usr/lib/postgresql/15/bin}"
PG_TEST_DIR="${PG_TEST_DIR:-/tmp/sedz-pg-$PGPORT}"
DATA="$PG_TEST_DIR/data"
LOG="$PG_TEST_DIR/postgres.log"
DB_NAME=sedz
DB_USER=postgres
OWNER_ROLE=sedz_owner
APP_ROLE=sedz_app
URL="postgres://$DB_USER@127.0.0.1:$PGPORT/$DB_NAME"
OWNER_URL="postgres://$OWNER_ROLE@127.0.0.1:$PGPORT/$DB_NAME"
APP_URL="postgres://$APP_ROLE@127.0.0.1:$PGPORT/$DB_NAME"

log() { echo "postgres.sh: $*" >&2; }
die() {
	log "error: $*"
	exit 1
}

# Run a command as the cluster's owner: ourselves, or `postgres` when we are root.
as_owner() {
	if [ "$(id -u)" -eq 0 ]; then
		# runuser keeps the cwd, which the postgres user may not be allowed to read.
		(cd / && runuser -u postgres -- "$@")
	else
		"$@"
	fi
}

psql_admin() {
	PGOPTIONS='-c client_min_messages=warning' "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PGPORT" -U "$DB_USER" "$@"
}

# Up and answering: pg_ctl alone trusts the pid file, and a killed postmaster can linger as
# a zombie where nothing reaps it (seen in containers).
is_running() {
	[ -f "$DATA/postmaster.pid" ] &&
		as_owner "$PG_BIN/pg_ctl" -D "$DATA" status >/dev/null 2>&1 &&
		"$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$PGPORT" -t 5
}

port_in_use() {
	# bash's /dev/tcp: connect succeeds only when something listens there.
	(exec 3<>"/dev/tcp/127.0.0.1/$PGPORT") 2>/dev/null
}

start() {
	[ -x "$PG_BIN/initdb" ] || die "$PG_BIN/initdb not found: install postgresql-15 (apt-get install postgresql-15 postgresql-15-postgis-3)"
	[ -f "$("$PG_BIN/pg_config" --sharedir)/extension/postgis.control" ] ||
		die "PostGIS is not installed for PostgreSQL 15: apt-get install postgresql-15-postgis-3"
	if [ "$(id -u)" -eq 0 ]; then
		id postgres >/dev/null 2>&1 || die "no 'postgres' system user (it comes with Debian's postgresql-15 package)"
		command -v runuser >/dev/null || die "runuser not found (util-linux)"
	fi

	if is_running; then
		log "already running on 127.0.0.1:$PGPORT ($DATA)"
	else
		if [ -f "$DATA/postmaster.pid" ]; then
			log "found a dead or unresponsive cluster in $PG_TEST_DIR: removing it"
			stop
		fi
		port_in_use && die "port $PGPORT on 127.0.0.1 is already taken by another process; choose another with PGPORT=..."
		if [ ! -f "$DATA/PG_VERSION" ]; then
			log "initdb $DATA"
			rm -rf "$PG_TEST_DIR"
			mkdir -p "$PG_TEST_DIR"
			chmod 700 "$PG_TEST_DIR"
			[ "$(id -u)" -eq 0 ] && chown postgres:postgres "$PG_TEST_DIR"
			as_owner "$PG_BIN/initdb" -D "$DATA" -U "$DB_USER" --auth=trust --encoding=UTF8 \
				--locale=C.UTF-8 >"$PG_TEST_DIR/initdb.log" 2>&1 ||
				{
					cat "$PG_TEST_DIR/initdb.log" >&2
					die "initdb failed"
				}
		fi
		log "starting on 127.0.0.1:$PGPORT"
		# Loopback only, Unix socket in the cluster's own folder (no /var/run/postgresql
		# needed); durability off because the cluster is thrown away after the run.
		if ! as_owner "$PG_BIN/pg_ctl" -D "$DATA" -l "$LOG" -w -t 60 start -o "\
			-c listen_addresses=127.0.0.1 -c port=$PGPORT \
			-c unix_socket_directories=$PG_TEST_DIR \
			-c fsync=off -c synchronous_commit=off -c full_page_writes=off \
			-c max_connections=200 -c shared_buffers=256MB" >/dev/null; then
			tail -n 50 "$LOG" >&2 || true
			die "the server did not start"
		fi
	fi

	# The roles of a least-privilege deployment: an owner without superuser powers, and an app
	# role with no privileges of its own (it gets its grants from the owner after migrating).
	psql_admin -d postgres -c "DO \$\$ BEGIN
		IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '$OWNER_ROLE') THEN
			CREATE ROLE $OWNER_ROLE LOGIN NOSUPERUSER NOCREATEROLE NOBYPASSRLS;
		END IF;
		IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '$APP_ROLE') THEN
			CREATE ROLE $APP_ROLE LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS;
		END IF;
	END \$\$"
	if [ "$(psql_admin -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$DB_NAME'")" != 1 ]; then
		psql_admin -d postgres -c "CREATE DATABASE $DB_NAME OWNER $OWNER_ROLE"
	fi
	# A cluster an older version of this script made: its database belonged to the superuser.
	psql_admin -d postgres -c "ALTER DATABASE $DB_NAME OWNER TO $OWNER_ROLE"
	# PostGIS is not a trusted extension: the superuser creates it, the owner's migration finds it.
	psql_admin -d "$DB_NAME" -c 'CREATE EXTENSION IF NOT EXISTS postgis'
	log "ready: $URL"
	echo "$URL"
}

stop() {
	if [ -f "$DATA/postmaster.pid" ]; then
		log "stopping the server on 127.0.0.1:$PGPORT"
		if ! as_owner "$PG_BIN/pg_ctl" -D "$DATA" -m fast -w -t 30 stop >/dev/null 2>&1; then
			local pid
			pid="$(head -n 1 "$DATA/postmaster.pid" 2>/dev/null || true)"
			log "pg_ctl stop failed; killing postmaster ${pid:-?}"
			if [ -n "$pid" ]; then kill -9 "$pid" 2>/dev/null || true; fi
		fi
	fi
	if [ -d "$PG_TEST_DIR" ]; then
		log "removing $PG_TEST_DIR"
		rm -rf "$PG_TEST_DIR"
	fi
}

case "${1:-}" in
start) start ;;
stop) stop ;;
url) echo "$URL" ;;
url-owner) echo "$OWNER_URL" ;;
url-app) echo "$APP_URL" ;;
status)
	if is_running; then
		log "running on 127.0.0.1:$PGPORT ($DATA)"
	else
		log "not running"
		exit 1
	fi
	;;
*)
	echo "usage: $0 start|stop|status|url|url-owner|url-app   (PGPORT=$PGPORT, PG_TEST_DIR=$PG_TEST_DIR)" >&2
	exit 2
	;;
esac
