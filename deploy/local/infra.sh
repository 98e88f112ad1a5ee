#!/usr/bin/env bash
# Starts (or reuses) the PostgreSQL, Redis and Kafka that VaxTrace's tests and local run need, on loopback, with
# their data under .local/ (git-ignored). Servers that already answer on their ports are reused and left alone;
# `down --owner X` stops only what `up --owner X` started, so nested users (the test command, each test JVM) share.
#
#   infra.sh up [--owner NAME]     start what is not running; writes .local/infra.env
#   infra.sh down [--owner NAME]   stop what this owner started (no owner: everything this checkout started)
#   infra.sh status                say what runs where
#
# Ports (override with environment variables): VAXTRACE_PG_PORT=55432, VAXTRACE_REDIS_PORT=56379,
# VAXTRACE_KAFKA_PORT=59092 (+ controller VAXTRACE_KAFKA_CONTROLLER_PORT=59093).
# VAXTRACE_INFRA_SERVERS="postgres redis kafka" (default: all three) limits `up` to some of them, e.g. a test's own
# PostgreSQL that it stops and starts again (testing/OwnPostgres).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
STATE=${VAXTRACE_STATE_DIR:-$ROOT/.local}
PG_PORT=${VAXTRACE_PG_PORT:-55432}
REDIS_PORT=${VAXTRACE_REDIS_PORT:-56379}
KAFKA_PORT=${VAXTRACE_KAFKA_PORT:-59092}
KAFKA_CONTROLLER_PORT=${VAXTRACE_KAFKA_CONTROLLER_PORT:-59093}
PG_BIN=${VAXTRACE_PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)}
DATABASES="vaxtrace_stock vaxtrace_alert vaxtrace_connector"
POSTGIS_DATABASES="vaxtrace_stock"
OWNER=manual
KAFKA_LIB=$ROOT/.local/kafka-lib   # broker jars, shared by every state directory of this checkout

log() { printf '[infra] %s\n' "$*" >&2; }
die() { printf '[infra] ERROR: %s\n' "$*" >&2; exit 1; }
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
wait_for() { # seconds description command...
  local deadline=$((SECONDS + $1)) what=$2; shift 2
  until "$@"; do
    [ $SECONDS -lt $deadline ] || die "$what did not become ready in time"
    sleep 0.2
  done
}
mark_started() { echo "$OWNER" > "$STATE/$1.owner"; }
started_by() { [ -f "$STATE/$1.owner" ] && { [ -z "${2:-}" ] || [ "$(cat "$STATE/$1.owner")" = "$2" ]; }; }

# PostgreSQL refuses to run as root: run it as the postgres user, with data it can reach.
if [ "$(id -u)" = 0 ]; then
  as_pg() { runuser -u postgres -- "$@"; }
else
  as_pg() { "$@"; }
fi

pg_dir() {
  local dir=$STATE/postgres
  if [ "$(id -u)" = 0 ] && ! runuser -u postgres -- test -x "$STATE" 2>/dev/null; then
    # The checkout is not traversable by the postgres user (e.g. under /root): keep the data beside it instead.
    dir=/var/lib/vaxtrace/$(printf '%s' "$STATE" | sha1sum | cut -c1-12)/postgres
  fi
  echo "$dir"
}

pg_up() {
  local dir; dir=$(pg_dir)
  local pw_file=$STATE/postgres.password
  if port_open "$PG_PORT"; then
    log "PostgreSQL already answers on 127.0.0.1:$PG_PORT; reusing it"
  else
    [ -n "$PG_BIN" ] && [ -x "$PG_BIN/postgres" ] || die "PostgreSQL server binaries not found (Debian: apt-get install postgresql)"
    mkdir -p "$dir/run"
    [ "$(id -u)" = 0 ] && chown -R postgres:postgres "$dir"
    if [ ! -s "$dir/data/PG_VERSION" ]; then
      log "initialising PostgreSQL in $dir/data"
      as_pg "$PG_BIN/initdb" -D "$dir/data" -U postgres -E UTF8 --no-locale --auth-local=trust --auth-host=scram-sha-256 >"$STATE/postgres.init.log" 2>&1 \
        || die "initdb failed: see $STATE/postgres.init.log"
    fi
    as_pg "$PG_BIN/pg_ctl" -D "$dir/data" -l "$dir/postgres.log" -w -t 30 \
      -o "-c listen_addresses=127.0.0.1 -c port=$PG_PORT -c unix_socket_directories=$dir/run -c max_connections=300 ${VAXTRACE_PG_OPTIONS:-}" start >/dev/null 9>&- \
      || die "PostgreSQL did not start: see $dir/postgres.log"
    mark_started postgres
    log "PostgreSQL started on 127.0.0.1:$PG_PORT"
  fi
  # Role and databases are (re)asserted every time: cheap, and it repairs a half-initialised cluster.
  if [ ! -s "$pw_file" ]; then
    (umask 077; head -c 24 /dev/urandom | base64 | tr -d '/+=' > "$pw_file")
  fi
  local pw; pw=$(cat "$pw_file")
  local psql=(psql -X -q -v ON_ERROR_STOP=1 -h "$dir/run" -p "$PG_PORT" -U postgres -d postgres)
  if [ -S "$dir/run/.s.PGSQL.$PG_PORT" ]; then
    "${psql[@]}" -c "DO \$\$BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname='vaxtrace') THEN CREATE ROLE vaxtrace LOGIN; END IF; END\$\$;" \
      -c "ALTER ROLE vaxtrace PASSWORD '$pw'" >/dev/null
    for db in $DATABASES; do
      [ "$("${psql[@]}" -tAc "SELECT 1 FROM pg_database WHERE datname='$db'")" = 1 ] || "${psql[@]}" -c "CREATE DATABASE $db OWNER vaxtrace" >/dev/null
    done
    # PostGIS (facility locations) is created by the superuser, as the platform does in production: the services'
    # role is not a superuser, so their migrations only find it there (docs/operations.md#postgis).
    [ -f "$("$PG_BIN/pg_config" --sharedir 2>/dev/null || echo /nonexistent)/extension/postgis.control" ] \
      || die "PostGIS is not installed for $PG_BIN (Debian: apt-get install postgresql-$("$PG_BIN/postgres" -V | sed 's/[^0-9]*\([0-9]*\).*/\1/')-postgis-3)"
    for db in $POSTGIS_DATABASES; do
      "${psql[@]}" -d "$db" -c "SET client_min_messages = warning" -c "CREATE EXTENSION IF NOT EXISTS postgis" >/dev/null
    done
  else
    log "PostgreSQL on $PG_PORT was not started from this checkout; assuming role 'vaxtrace' and databases exist"
  fi
}

redis_up() {
  if port_open "$REDIS_PORT"; then
    log "Redis already answers on 127.0.0.1:$REDIS_PORT; reusing it"
    return
  fi
  command -v redis-server >/dev/null || die "redis-server not found (Debian: apt-get install redis-server)"
  mkdir -p "$STATE/redis"
  redis-server --daemonize yes --bind 127.0.0.1 --port "$REDIS_PORT" --dir "$STATE/redis" \
    --pidfile "$STATE/redis/redis.pid" --logfile "$STATE/redis/redis.log" --save "" --appendonly no >/dev/null 9>&-
  wait_for 10 Redis port_open "$REDIS_PORT"
  mark_started redis
  log "Redis started on 127.0.0.1:$REDIS_PORT"
}

kafka_up() {
  local dir=$STATE/kafka
  if port_open "$KAFKA_PORT"; then
    log "Kafka already answers on 127.0.0.1:$KAFKA_PORT; reusing it"
  else
    command -v java >/dev/null || die "java not found (a JDK 17 is required)"
    mkdir -p "$KAFKA_LIB" "$dir/data"
    if ! ls "$KAFKA_LIB"/kafka_2.13-*.jar >/dev/null 2>&1; then
      log "fetching the Kafka broker jars from Maven Central"
      "$ROOT/mvnw" -q -B -f "$ROOT/deploy/local/kafka/pom.xml" dependency:copy-dependencies \
        -DincludeScope=runtime -DoutputDirectory="$KAFKA_LIB" >"$dir/fetch.log" 2>&1 || die "could not fetch Kafka jars: see $dir/fetch.log"
    fi
    sed -e "s#@DATA@#$dir/data#" -e "s#@PORT@#$KAFKA_PORT#g" -e "s#@CONTROLLER_PORT@#$KAFKA_CONTROLLER_PORT#g" \
      "$ROOT/deploy/local/kafka/server.properties" > "$dir/server.properties"
    if [ ! -f "$dir/data/meta.properties" ]; then
      local cluster_id; cluster_id=$(java -cp "$KAFKA_LIB/*" kafka.tools.StorageTool random-uuid 2>/dev/null | tail -n 1)
      java -cp "$KAFKA_LIB/*" kafka.tools.StorageTool format -t "$cluster_id" -c "$dir/server.properties" >"$dir/format.log" 2>&1 \
        || die "could not format Kafka storage: see $dir/format.log"
    fi
    nohup java -Xms256m -Xmx512m -XX:+UseSerialGC -Dlog4j2.configurationFile="$ROOT/deploy/local/kafka/log4j2.properties" \
      -cp "$KAFKA_LIB/*" kafka.Kafka "$dir/server.properties" >"$dir/kafka.log" 2>&1 9>&- &
    echo $! > "$dir/kafka.pid"
    wait_for 60 Kafka port_open "$KAFKA_PORT"
    mark_started kafka
    log "Kafka started on 127.0.0.1:$KAFKA_PORT"
  fi
  # Topics are declared, not auto-created: partitions and retention are part of the design.
  java -cp "$KAFKA_LIB/*" "$ROOT/deploy/local/kafka/CreateTopics.java" "127.0.0.1:$KAFKA_PORT" "$ROOT/deploy/local/kafka/topics.txt" \
    >"$dir/topics.log" 2>&1 || die "could not create Kafka topics: see $dir/topics.log"
}

write_env() {
  cat > "$STATE/infra.env" <<ENV
VAXTRACE_PG_HOST=127.0.0.1
VAXTRACE_PG_PORT=$PG_PORT
VAXTRACE_PG_USER=vaxtrace
VAXTRACE_PG_PASSWORD=$(cat "$STATE/postgres.password" 2>/dev/null)
VAXTRACE_PG_SOCKET_DIR=$(pg_dir)/run
VAXTRACE_REDIS_URL=redis://127.0.0.1:$REDIS_PORT
VAXTRACE_KAFKA_BOOTSTRAP=127.0.0.1:$KAFKA_PORT
ENV
  chmod 600 "$STATE/infra.env"
}

stop_pid_file() { # name pidfile
  local pid; pid=$(cat "$2" 2>/dev/null || true)
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    kill "$pid"
    for _ in $(seq 1 150); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -0 "$pid" 2>/dev/null && kill -9 "$pid"
  fi
  rm -f "$2"
}

down() {
  local owner=${1:-}
  if started_by kafka "$owner"; then stop_pid_file kafka "$STATE/kafka/kafka.pid"; rm -f "$STATE/kafka.owner"; log "Kafka stopped"; fi
  if started_by redis "$owner"; then stop_pid_file redis "$STATE/redis/redis.pid"; rm -f "$STATE/redis.owner"; log "Redis stopped"; fi
  if started_by postgres "$owner"; then
    as_pg "$PG_BIN/pg_ctl" -D "$(pg_dir)/data" -m fast -w stop >/dev/null 2>&1 || true
    rm -f "$STATE/postgres.owner"; log "PostgreSQL stopped"
  fi
}

status() {
  local name port
  for pair in "PostgreSQL:$PG_PORT" "Redis:$REDIS_PORT" "Kafka:$KAFKA_PORT"; do
    name=${pair%%:*}; port=${pair##*:}
    if port_open "$port"; then echo "$name: up on 127.0.0.1:$port"; else echo "$name: down"; fi
  done
}

cmd=${1:-}; shift || true
while [ $# -gt 0 ]; do
  case $1 in
    --owner) OWNER=$2; shift 2 ;;
    *) die "unknown option $1" ;;
  esac
done
mkdir -p "$STATE"
case $cmd in
  up)
    exec 9>"$STATE/infra.lock"; flock 9   # one `up` at a time per checkout
    SERVERS=" ${VAXTRACE_INFRA_SERVERS:-postgres redis kafka} "
    case $SERVERS in *" postgres "*) pg_up ;; esac
    case $SERVERS in *" redis "*) redis_up ;; esac
    case $SERVERS in *" kafka "*) kafka_up ;; esac
    write_env
    log "ready: $STATE/infra.env" ;;
  down)
    exec 9>"$STATE/infra.lock"; flock 9
    if [ "$OWNER" = manual ]; then down ""; else down "$OWNER"; fi ;;
  status) status ;;
  *) echo "usage: $0 up|down [--owner NAME] | status" >&2; exit 2 ;;
esac
