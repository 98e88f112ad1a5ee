# Shared by the operations scripts of deploy/scripts (sourced, not run). Every command that changes or reads the
# cluster goes through `run`, so --dry-run prints exactly what would be run (and test.sh checks those lines).
# shellcheck shell=bash
# shellcheck disable=SC2034  # the variables below are used by the scripts that source this file

DRY_RUN=${DRY_RUN:-0}
ENVIRONMENT=${VAXTRACE_ENV:-production}
REPO=${VAXTRACE_REPO:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}

say() { printf '[%s] %s\n' "$(basename "$0" .sh)" "$*" >&2; }
die() { printf '[%s] ERROR: %s\n' "$(basename "$0" .sh)" "$*" >&2; exit 1; }

# The namespaces of an environment (deploy/k8s/overlays and deploy/k8s/platform/overlays).
set_environment() {
  case "$1" in
    production) APP_NS=vaxtrace; DATA_NS=vaxtrace-data ;;
    staging) APP_NS=vaxtrace-staging; DATA_NS=vaxtrace-staging-data ;;
    *) die "unknown environment $1 (production or staging)" ;;
  esac
  ENVIRONMENT=$1
  PG_CLUSTER=vaxtrace-pg
  KAFKA_POD=vaxtrace-broker-0
}
set_environment "$ENVIRONMENT"

# run CMD...: runs it, or with --dry-run prints it (quoted as a shell would need it) and runs nothing.
run() {
  if [ "$DRY_RUN" = 1 ]; then
    printf '+'; printf ' %q' "$@"; printf '\n'
  else
    "$@"
  fi
}

# run_stdin CMD... < input: the same for a command reading a manifest from standard input (printed in a dry run).
run_stdin() {
  if [ "$DRY_RUN" = 1 ]; then
    printf '+'; printf ' %q' "$@"; printf ' <<EOF\n'; cat; printf 'EOF\n'
  else
    "$@"
  fi
}

# The Kafka CLI inside a broker pod of the platform (Strimzi images carry it under bin/).
kafka() {
  local tool=$1; shift
  run kubectl -n "$DATA_NS" exec "$KAFKA_POD" -c kafka -- "bin/$tool" --bootstrap-server localhost:9092 "$@"
}

# psql on the current primary of the Cluster, as the postgres superuser over the local socket.
psql_primary() {
  local db=$1; shift
  run kubectl -n "$DATA_NS" exec "svc/$PG_CLUSTER-rw" -c postgres -- psql -X -v ON_ERROR_STOP=1 -d "$db" "$@"
}

# The consumer groups whose progress lives beside the databases, with their topics (application.properties of
# stock-service and alert-service; realtime-gateway's groups are per replica and start at the live end).
CONSUMER_GROUPS=(
  "stock-service vaxtrace.stock.events.v1"
  "stock-service-reference vaxtrace.reference.v1"
  "alert-service vaxtrace.stock.levels.v1,vaxtrace.coldchain.readings.v1"
)
# The margin rule of a restore: the groups replay from this many minutes before the target time, so an event that
# was in flight (consumed but not yet committed) at the target is consumed again; consumers drop ids they have.
REWIND_MARGIN_MINUTES=10

# rewind_time TARGET_EPOCH MARGIN_MINUTES: the time the consumer groups are rewound to, as the Kafka CLI takes it.
rewind_time() {
  date -u -d "@$(($1 - $2 * 60))" +%Y-%m-%dT%H:%M:%S.000Z
}

# rewind_groups REWIND CMD...: rewinds every group of CONSUMER_GROUPS with CMD (the consumer-groups command of the
# Kafka CLI, with its bootstrap option) to REWIND; reference data is kept forever and applied as idempotent upserts,
# so its group replays all of it. The groups must have no members (their services stopped).
rewind_groups() {
  local rewind=$1 entry group topics t
  shift
  for entry in "${CONSUMER_GROUPS[@]}"; do
    read -r group topics <<< "$entry"
    local topic_args=() list=()
    IFS=, read -r -a list <<< "$topics"
    for t in "${list[@]}"; do topic_args+=(--topic "$t"); done
    if [ "$group" = stock-service-reference ]; then
      "$@" --group "$group" "${topic_args[@]}" --reset-offsets --to-earliest --execute
    else
      "$@" --group "$group" "${topic_args[@]}" --reset-offsets --to-datetime "$rewind" --execute
    fi
  done
}

# Services that write to the databases, stopped during a restore.
WRITERS=(stock-service alert-service openlmis-connector)
SERVICES=(ingest-service stock-service alert-service realtime-gateway openlmis-connector)
DB_SERVICES=(stock-service alert-service openlmis-connector)

MIGRATIONS_DIR=src/main/resources/db/migration

# contract_statements FILE: the statements of a Flyway migration that an older release cannot live with (they remove
# or change what its code reads or writes): printed as "file:line: statement". Expand/contract: a release only adds
# (tables, nullable columns or columns with a default, indexes, widened types marked safe); what it stops using is
# dropped or tightened in a later release, once no running version needs it (docs/operations.md#migrations). A line
# that is in fact safe (widening a varchar) says so with the comment "-- expand-contract: safe".
contract_statements() {
  grep -inE 'drop[[:space:]]+(table|column|view|schema|type)|alter[[:space:]]+table.*[[:space:]]drop[[:space:]]|rename|alter[[:space:]]+column.*[[:space:]]type[[:space:]]|set[[:space:]]+not[[:space:]]+null|^[[:space:]]*truncate[[:space:]]|add[[:space:]]+(column[[:space:]]+)?[a-z_]+[[:space:]]+[^;]*not[[:space:]]+null' "$1" \
    | grep -viE 'expand-contract:[[:space:]]*safe|add[[:space:]].*not[[:space:]]+null.*default|^[0-9]+:[[:space:]]*--' \
    | sed "s|^|$1:|" || true
}

# expand_only FILE HEADLINE: true when the migration (a path in the repository) is expand-only; otherwise says
# HEADLINE and lists the offending statements.
expand_only() {
  local found
  found=$(cd "$REPO" && contract_statements "$1")
  [ -n "$found" ] || return 0
  say "$2"
  while IFS= read -r line; do printf '  %s\n' "$line" >&2; done <<< "$found"
  return 1
}

# migration_versions REF SERVICE: the Flyway versions (V<version>__...) of a service at a git revision.
migration_versions() {
  git -C "$REPO" ls-tree --name-only "$1" -- "$2/$MIGRATIONS_DIR/" 2>/dev/null \
    | sed -nE 's|.*/V([0-9._]+)__.*\.sql$|\1|p' | sort -V
}
