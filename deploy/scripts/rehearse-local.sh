#!/usr/bin/env bash
# The part of a restore that is ours, rehearsed for real without a cluster: PostgreSQL point-in-time recovery from a
# base backup and a local WAL archive, then the consumer groups rewound (lib.sh's CONSUMER_GROUPS and margin rule, as
# restore.sh does on Kubernetes) so the services replay the gap from Kafka. Uses the PostgreSQL binaries and the
# Kafka CLI jars of the local run (deploy/local/infra.sh). docs/operations.md#rehearsing-locally.
#   rehearse-local.sh archive-settings ARCHIVE_DIR        # prints the settings that make a server archive its WAL there
#   rehearse-local.sh base-backup --port P --socket-dir D --into DIR
#   rehearse-local.sh restore --base-backup DIR --wal-archive DIR --to 2026-12-04T15:00:00Z --data DIR --port P
#                             --bootstrap HOST:PORT [--margin-minutes N]   # recovers into a new server, rewinds the groups
#   rehearse-local.sh drain --bootstrap HOST:PORT [--group G]... [--timeout-seconds S]   # waits for the replay
#   rehearse-local.sh stop --data DIR
# restore refuses while a group has members (stop the services first) and prints the restore time; drain waits until
# every group (or the named ones) has consumed all it is behind and prints the replay time. As root, PostgreSQL
# runs as the postgres user (it refuses root), so the directories given must be reachable by it.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

PG_BIN=${VAXTRACE_PG_BIN:-$(printf '%s\n' /usr/lib/postgresql/*/bin | sort -V | tail -n 1)}
KAFKA_LIB=${VAXTRACE_KAFKA_LIB:-$REPO/.local/kafka-lib}

if [ "$(id -u)" = 0 ]; then
  as_pg() { runuser -u postgres -- "$@"; }
  own_by_pg() { chown -R postgres:postgres "$@"; }
else
  as_pg() { "$@"; }
  own_by_pg() { :; }
fi

# The Kafka CLI's consumer-groups command (Kafka 4.x moved it from kafka.admin to org.apache.kafka.tools).
groups_cli() {
  ls "$KAFKA_LIB"/kafka-tools-*.jar >/dev/null 2>&1 || die "no Kafka CLI jars in $KAFKA_LIB: run deploy/local/infra.sh up once (it fetches them)"
  java -Xms32m -Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 \
    -Dlog4j2.configurationFile="$REPO/deploy/local/kafka/log4j2.properties" -cp "$KAFKA_LIB/*" \
    org.apache.kafka.tools.consumer.group.ConsumerGroupCommand --bootstrap-server "$BOOTSTRAP" "$@"
}

psql_at() { # port socket-dir db sql
  as_pg "$PG_BIN/psql" -X -q -At -v ON_ERROR_STOP=1 -h "$2" -p "$1" -U postgres -d "$3" -c "$4"
}

# Milliseconds since the epoch, for the timings.
now_ms() { date +%s%3N; }

[ $# -ge 1 ] || die "what to do: archive-settings, base-backup, restore, drain or stop (--help)"
action=$1; shift
case "$action" in -h|--help) sed -n '2,15p' "$0"; exit 0 ;; esac
PORT="" SOCKET_DIR="" INTO="" BASE="" ARCHIVE="" TO="" DATA="" BOOTSTRAP="" MARGIN=$REWIND_MARGIN_MINUTES TIMEOUT=600
ONLY=()
while [ $# -gt 0 ]; do
  case "$1" in
    --port) PORT=$2; shift ;;
    --socket-dir) SOCKET_DIR=$2; shift ;;
    --into) INTO=$2; shift ;;
    --base-backup) BASE=$2; shift ;;
    --wal-archive) ARCHIVE=$2; shift ;;
    --to) TO=$2; shift ;;
    --data) DATA=$2; shift ;;
    --bootstrap) BOOTSTRAP=$2; shift ;;
    --margin-minutes) MARGIN=$2; shift ;;
    --group) ONLY+=("$2"); shift ;;
    --timeout-seconds) TIMEOUT=$2; shift ;;
    -h|--help) sed -n '2,15p' "$0"; exit 0 ;;
    *) if [ "$action" = archive-settings ] && [ -z "$ARCHIVE" ]; then ARCHIVE=$1; else die "unknown argument $1 (--help)"; fi ;;
  esac
  shift
done
case "$action" in base-backup|restore|stop) [ -x "$PG_BIN/postgres" ] || die "PostgreSQL server binaries not found (Debian: apt-get install postgresql)" ;; esac

case "$action" in
  archive-settings)
    # What CloudNativePG does with the object store, with a directory: every completed WAL segment is copied there
    # (never overwriting one), so a base backup plus the archive restore any moment since the backup.
    [ -n "$ARCHIVE" ] || die "archive-settings needs the archive directory"
    mkdir -p "$ARCHIVE"; own_by_pg "$ARCHIVE"
    archive=$(cd "$ARCHIVE" && pwd)
    printf "%s\n" "-c wal_level=replica -c archive_mode=on -c archive_command='test ! -f $archive/%f && cp %p $archive/%f'"
    ;;

  base-backup)
    if [ -z "$PORT" ] || [ -z "$SOCKET_DIR" ] || [ -z "$INTO" ]; then die "base-backup needs --port, --socket-dir and --into"; fi
    [ ! -e "$INTO" ] || [ -z "$(ls -A "$INTO")" ] || die "$INTO is not empty"
    mkdir -p "$INTO"; own_by_pg "$INTO"
    start=$(now_ms)
    # Plain format, its own WAL streamed with it: the copy is consistent by itself; the archive takes it further.
    as_pg "$PG_BIN/pg_basebackup" -h "$SOCKET_DIR" -p "$PORT" -U postgres -D "$INTO" -Fp -X stream -c fast --no-password
    say "base backup in $INTO ($(du -sh "$INTO" | cut -f1)) in $(( $(now_ms) - start )) ms"
    ;;

  restore)
    for value in "$BASE" "$ARCHIVE" "$TO" "$DATA" "$PORT" "$BOOTSTRAP"; do
      [ -n "$value" ] || die "restore needs --base-backup, --wal-archive, --to, --data, --port and --bootstrap"
    done
    [[ $TO =~ ^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?Z$ ]] || die "--to must be a UTC time like 2026-12-04T15:00:00Z"
    target=$(date -u -d "$TO" +%s) || die "--to $TO is not a time"
    [ -f "$BASE/PG_VERSION" ] || die "$BASE is not a base backup (no PG_VERSION)"
    [ ! -e "$DATA" ] || [ -z "$(ls -A "$DATA")" ] || die "$DATA is not empty: the restore goes into a new data directory"
    (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null && die "port $PORT is taken"
    rewind=$(rewind_time "$target" "$MARGIN")
    # Refuse before touching anything if a group still has members: Kafka would refuse the rewind anyway. A member of
    # a service that was killed rather than stopped stays until its session times out: give that 30 s. (One CLI call
    # for every group: each call is a JVM start.)
    deadline=$((SECONDS + 30))
    while :; do
      members=$(groups_cli --describe --all-groups --members 2>/dev/null || true)
      busy=""
      for entry in "${CONSUMER_GROUPS[@]}"; do
        read -r group _ <<< "$entry"
        [ "$(awk '$1 == g' g="$group" <<< "$members" | wc -l)" = 0 ] || busy="$busy $group"
      done
      [ -n "$busy" ] || break
      [ $SECONDS -lt $deadline ] || die "consumer group(s)$busy still have active members: stop their services first"
      sleep 1
    done

    say "restoring to $TO from $BASE + $ARCHIVE into $DATA (127.0.0.1:$PORT)"
    start=$(now_ms)
    mkdir -p "$DATA/data" "$DATA/run"
    cp -a "$BASE/." "$DATA/data/"
    own_by_pg "$DATA"; chmod 700 "$DATA/data"
    # Recovery as CloudNativePG's bootstrap.recovery does it: WAL from the archive up to the target, then promote.
    # The restored server does not archive (a rehearsal); a real replacement archives under a new name (restore.sh).
    archive=$(cd "$ARCHIVE" && pwd)
    cat >> "$DATA/data/postgresql.auto.conf" <<CONF
restore_command = 'cp $archive/%f "%p"'
recovery_target_time = '$(date -u -d "$TO" '+%Y-%m-%d %H:%M:%S.%6N+00')'
recovery_target_action = 'promote'
archive_mode = 'off'
CONF
    touch "$DATA/data/recovery.signal"
    own_by_pg "$DATA"
    as_pg "$PG_BIN/pg_ctl" -D "$DATA/data" -l "$DATA/postgres.log" -w -t 600 \
      -o "-c listen_addresses=127.0.0.1 -c port=$PORT -c unix_socket_directories=$DATA/run -c max_connections=300" start >/dev/null \
      || die "the restored server did not start: $(tail -n 5 "$DATA/postgres.log")"
    # Accepting connections is not the end: it answers read-only while it still replays, until promoted.
    until [ "$(psql_at "$PORT" "$DATA/run" postgres 'SELECT pg_is_in_recovery()' 2>/dev/null)" = f ]; do
      as_pg "$PG_BIN/pg_ctl" -D "$DATA/data" status >/dev/null 2>&1 \
        || die "recovery stopped (target beyond the archive?): $(grep -E 'FATAL|PANIC' "$DATA/postgres.log" | tail -n 2)"
      [ $(( $(now_ms) - start )) -lt $((TIMEOUT * 1000)) ] || die "not promoted within $TIMEOUT s: see $DATA/postgres.log"
      sleep 0.2
    done
    restore_ms=$(( $(now_ms) - start ))
    reached=$(grep -oE 'recovery stopping (before|after) commit of transaction [0-9]+, time [0-9: +.-]+' "$DATA/postgres.log" | tail -n 1 || true)
    say "restored in ${restore_ms} ms (${reached:-recovery ended at the end of the archive})"
    if [ -n "$(psql_at "$PORT" "$DATA/run" postgres "SELECT 1 FROM pg_database WHERE datname = 'vaxtrace_stock'")" ] \
      && [ "$(psql_at "$PORT" "$DATA/run" vaxtrace_stock "SELECT to_regclass('ledger_entry') IS NOT NULL")" = t ]; then
      say "vaxtrace_stock: $(psql_at "$PORT" "$DATA/run" vaxtrace_stock \
        "SELECT count(*) || ' ledger entries, latest event ' || coalesce(max(occurred_at)::text, 'none') FROM ledger_entry")"
    fi

    say "rewinding the consumer groups to $rewind (target − $MARGIN min; reference data from the start)"
    rewind_groups "$rewind" groups_cli >/dev/null
    echo "restore-ms=$restore_ms"
    say "now point the services at 127.0.0.1:$PORT, start them and run: $0 drain --bootstrap $BOOTSTRAP"
    ;;

  drain)
    [ -n "$BOOTSTRAP" ] || die "drain needs --bootstrap"
    names=("${ONLY[@]}")
    if [ ${#names[@]} = 0 ]; then
      for entry in "${CONSUMER_GROUPS[@]}"; do read -r group _ <<< "$entry"; names+=("$group"); done
    fi
    start=$(now_ms)
    while :; do
      # GROUP TOPIC PARTITION CURRENT-OFFSET LOG-END-OFFSET LAG ...: a partition without a committed offset ("-") has
      # not been consumed since the rewind.
      if described=$(groups_cli --describe --all-groups 2>/dev/null); then
        behind=$(awk -v list=" ${names[*]} " 'index(list, " " $1 " ") && $3 ~ /^[0-9]+$/ {
          if ($4 == "-" || $6 == "-") n += 1; else n += $6 } END { print n + 0 }' <<< "$described")
      else
        behind=unknown
      fi
      [ "$behind" = 0 ] && break
      [ $(( $(now_ms) - start )) -lt $((TIMEOUT * 1000)) ] || die "still $behind record(s) behind after $TIMEOUT s"
      sleep 0.5
    done
    replay_ms=$(( $(now_ms) - start ))
    say "every group drained (${names[*]}) in ${replay_ms} ms"
    echo "replay-ms=$replay_ms"
    ;;

  stop)
    [ -n "$DATA" ] || die "stop needs --data"
    as_pg "$PG_BIN/pg_ctl" -D "$DATA/data" -m fast -w stop >/dev/null
    say "stopped the restored server of $DATA (delete the directory when done: it holds a copy of the databases)"
    ;;

  *) die "unknown action $action (archive-settings, base-backup, restore, drain, stop)" ;;
esac
