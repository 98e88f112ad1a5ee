#!/usr/bin/env bash
# Backups of the VaxTrace databases (CloudNativePG Cluster vaxtrace-pg, Barman Cloud plugin, docs/operations.md#backups).
# Weekly base backups and continuous WAL archiving run by themselves (ScheduledBackup vaxtrace-pg-weekly); this script
# takes one now (before a risky change), reports how fresh they are, or makes logical dumps for a copy outside the
# object store.
#   deploy/scripts/backup.sh [--env production|staging] [--dry-run] now        # base backup now, wait until it completes
#   deploy/scripts/backup.sh [--env …] status [--max-age-hours 192]            # last backup and archive; fails if too old
#   deploy/scripts/backup.sh [--env …] [--dry-run] dump DIR                    # pg_dump -Fc of each database into DIR
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

MAX_AGE_HOURS=192
args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --dry-run) DRY_RUN=1 ;;
    --env) set_environment "$2"; shift ;;
    --max-age-hours) MAX_AGE_HOURS=$2; shift ;;
    -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
    *) args+=("$1") ;;
  esac
  shift
done
[ ${#args[@]} -ge 1 ] || die "what to do: now, status or dump DIR (--help)"

case "${args[0]}" in
  now)
    name="$PG_CLUSTER-manual-$(date -u +%Y%m%d%H%M%S)"
    say "base backup $name of $PG_CLUSTER in $DATA_NS"
    run_stdin kubectl -n "$DATA_NS" apply -f - <<MANIFEST
apiVersion: postgresql.cnpg.io/v1
kind: Backup
metadata:
  name: $name
spec:
  cluster:
    name: $PG_CLUSTER
  method: plugin
  target: prefer-standby
  pluginConfiguration:
    name: barman-cloud.cloudnative-pg.io
MANIFEST
    run kubectl -n "$DATA_NS" wait "backup/$name" --for=jsonpath='{.status.phase}'=completed --timeout=2h
    say "done: $name"
    ;;
  status)
    run kubectl -n "$DATA_NS" get backups.postgresql.cnpg.io --sort-by=.metadata.creationTimestamp
    [ "$DRY_RUN" = 1 ] && exit 0
    last=$(kubectl -n "$DATA_NS" get cluster "$PG_CLUSTER" -o jsonpath='{.status.lastSuccessfulBackup}')
    first=$(kubectl -n "$DATA_NS" get cluster "$PG_CLUSTER" -o jsonpath='{.status.firstRecoverabilityPoint}')
    [ -n "$last" ] || die "no successful backup recorded on $PG_CLUSTER"
    age=$(( ($(date -u +%s) - $(date -u -d "$last" +%s)) / 3600 ))
    say "last successful base backup: $last ($age h ago); recoverable from: ${first:-unknown}"
    [ "$age" -lt "$MAX_AGE_HOURS" ] || die "the last base backup is older than $MAX_AGE_HOURS h"
    ;;
  dump)
    [ ${#args[@]} -ge 2 ] || die "dump needs a directory"
    dir=${args[1]}
    run mkdir -p "$dir"
    stamp=$(date -u +%Y%m%dT%H%MZ)
    for db in vaxtrace_stock vaxtrace_alert vaxtrace_connector; do
      say "pg_dump $db → $dir/$db-$stamp.dump"
      if [ "$DRY_RUN" = 1 ]; then
        run kubectl -n "$DATA_NS" exec "svc/$PG_CLUSTER-rw" -c postgres -- pg_dump -Fc -d "$db"
      else
        kubectl -n "$DATA_NS" exec "svc/$PG_CLUSTER-rw" -c postgres -- pg_dump -Fc -d "$db" > "$dir/$db-$stamp.dump"
      fi
    done
    say "dumps hold facility contacts encrypted under VAXTRACE_PII_KEYS: store them like the backups (docs/operations.md#backups)"
    ;;
  *) die "unknown action ${args[0]} (now, status, dump)" ;;
esac
