#!/usr/bin/env bash
# Point-in-time restore of the VaxTrace databases (CloudNativePG Cluster vaxtrace-pg from its base backups and WAL in
# the object store), then replay of the gap from Kafka: the consumer groups whose progress lives beside the databases
# are rewound to just before the target time, so what happened after it is applied again (every consumer is idempotent
# by CloudEvent id). docs/operations.md#restore says when and how; rehearse it (--rehearse) every quarter.
#   deploy/scripts/restore.sh --to 2026-11-29T02:00:00Z --rehearse [--env E] [--dry-run]   # into vaxtrace-pg-rehearsal: production untouched
#   deploy/scripts/restore.sh --to 2026-11-29T02:00:00Z --yes [--env E] [--dry-run]        # replaces vaxtrace-pg
# Options: --margin-minutes N (rewind the groups N minutes before the target, default 10), --source-server NAME (the
# backups' server name in the store, default vaxtrace-pg), --accept-gap (the target is older than Kafka's 7-day
# retention: events between it and the retention start are gone; a full OpenLMIS re-sync is then needed).
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

TO="" REHEARSE=0 YES=0 MARGIN=$REWIND_MARGIN_MINUTES SOURCE_SERVER=$PG_CLUSTER ACCEPT_GAP=0
RETENTION_DAYS=7   # retention.ms of the event topics (deploy/local/kafka/topics.txt)
while [ $# -gt 0 ]; do
  case "$1" in
    --to) TO=$2; shift ;;
    --rehearse) REHEARSE=1 ;;
    --yes) YES=1 ;;
    --dry-run) DRY_RUN=1 ;;
    --env) set_environment "$2"; shift ;;
    --margin-minutes) MARGIN=$2; shift ;;
    --source-server) SOURCE_SERVER=$2; shift ;;
    --accept-gap) ACCEPT_GAP=1 ;;
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    *) die "unknown argument $1 (--help)" ;;
  esac
  shift
done
[[ $TO =~ ^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$ ]] || die "--to must be a UTC time like 2026-11-29T02:00:00Z"
target=$(date -u -d "$TO" +%s) || die "--to $TO is not a time"
now=$(date -u +%s)
[ "$target" -lt "$now" ] || die "--to $TO is in the future"
if [ $(( (now - target) / 86400 )) -ge "$RETENTION_DAYS" ] && [ "$ACCEPT_GAP" = 0 ] && [ "$REHEARSE" = 0 ]; then
  die "--to is more than $RETENTION_DAYS days ago: Kafka no longer holds the gap. Add --accept-gap, then run a full OpenLMIS re-sync (docs/operations.md)"
fi
[ "$REHEARSE" = 1 ] || [ "$YES" = 1 ] || [ "$DRY_RUN" = 1 ] || die "this replaces the $ENVIRONMENT databases: add --yes (or --rehearse to try it aside)"
stamp=$(date -u +%Y%m%d%H%M%S)
rewind=$(rewind_time "$target" "$MARGIN")

# The Cluster as the platform overlay declares it, bootstrapped from the object store instead of initdb. It archives
# its own WAL under a new server name: the old timeline's archive stays as it was.
recovery_cluster() {
  local name=$1 archive_as=$2 extra=${3:-} dir
  dir=$(mktemp -d)
  # kustomize takes only relative resource paths: a copy of the platform beside the patch.
  cp -r "$REPO/deploy/k8s/platform" "$dir/platform"
  cat > "$dir/kustomization.yaml" <<KUSTOMIZATION
apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources:
  - platform/overlays/$ENVIRONMENT
patches:
  - target:
      kind: Cluster
      name: $PG_CLUSTER
    patch: |-
      - op: replace
        path: /metadata/name
        value: $name
      - op: remove
        path: /spec/bootstrap/initdb
      - op: add
        path: /spec/bootstrap/recovery
        value:
          source: origin
          recoveryTarget:
            targetTime: "$TO"
      - op: add
        path: /spec/externalClusters
        value:
          - name: origin
            plugin:
              name: barman-cloud.cloudnative-pg.io
              parameters:
                barmanObjectName: vaxtrace-pg-backups
                serverName: $SOURCE_SERVER
      - op: add
        path: /spec/plugins/0/parameters/serverName
        value: $archive_as
$extra
KUSTOMIZATION
  kubectl kustomize "$dir" | awk 'BEGIN { RS = "\n---\n" } /(^|\n)kind: Cluster\n/ { print "---"; print }'
  rm -rf "$dir"
}

if [ "$REHEARSE" = 1 ]; then
  name=$PG_CLUSTER-rehearsal
  say "rehearsal: restoring $TO into $name (namespace $DATA_NS); $PG_CLUSTER and the services are not touched"
  # One instance is enough to read it back: no standby, so no synchronous replication either.
  single='      - op: replace
        path: /spec/instances
        value: 1
      - op: remove
        path: /spec/postgresql/synchronous'
  recovery_cluster "$name" "$name-$stamp" "$single" | run_stdin kubectl -n "$DATA_NS" apply -f -
  run kubectl -n "$DATA_NS" wait "cluster/$name" --for=condition=Ready --timeout=6h
  for db in vaxtrace_stock vaxtrace_alert vaxtrace_connector; do
    run kubectl -n "$DATA_NS" exec "svc/$name-rw" -c postgres -- psql -X -v ON_ERROR_STOP=1 -d "$db" -c \
      "SELECT current_database(), max(version::int) AS schema_version, max(installed_on) AS migrated_at FROM flyway_schema_history WHERE version IS NOT NULL"
  done
  run kubectl -n "$DATA_NS" exec "svc/$name-rw" -c postgres -- psql -X -v ON_ERROR_STOP=1 -d vaxtrace_stock -c \
    "SELECT count(*) AS ledger_entries, max(occurred_at) AS latest_event FROM ledger_entry"
  say "rehearsal restored; note the time it took in docs/operations.md#restore-rehearsals, then delete it:"
  run kubectl -n "$DATA_NS" delete cluster "$name" --wait=false
  exit 0
fi

say "restoring $ENVIRONMENT to $TO; the consumer groups replay from $rewind"
declare -A replicas
for svc in "${WRITERS[@]}"; do
  if [ "$DRY_RUN" = 1 ]; then replicas[$svc]='<previous>'; else
    replicas[$svc]=$(kubectl -n "$APP_NS" get deploy "$svc" -o jsonpath='{.spec.replicas}')
  fi
done
# 1. Stop every writer (ingest keeps accepting: Kafka queues what arrives meanwhile). At 0 replicas the HPAs stand by.
for svc in "${WRITERS[@]}"; do run kubectl -n "$APP_NS" scale deploy "$svc" --replicas=0; done
for svc in "${WRITERS[@]}"; do run kubectl -n "$APP_NS" wait pod -l "app.kubernetes.io/name=$svc" --for=delete --timeout=5m; done
# 2. Close the current WAL segment so the archive holds everything up to now (harmless if the primary is gone).
psql_primary postgres -c 'SELECT pg_switch_wal()' || say "the old primary did not answer; continuing with what is archived"
# 3. Replace the Cluster (its volumes go with it; the backups and WAL in the object store stay).
run kubectl -n "$DATA_NS" delete cluster "$PG_CLUSTER" --wait=true
recovery_cluster "$PG_CLUSTER" "$PG_CLUSTER-$stamp" | run_stdin kubectl -n "$DATA_NS" apply -f -
run kubectl -n "$DATA_NS" wait "cluster/$PG_CLUSTER" --for=condition=Ready --timeout=6h
# 4. Rewind the groups (they have no members now) so the gap is consumed again.
rewind_groups "$rewind" kafka kafka-consumer-groups.sh
# 5. Start the writers again; they migrate (nothing to do, the schema came with the backup) and consume the gap.
for svc in "${WRITERS[@]}"; do run kubectl -n "$APP_NS" scale deploy "$svc" --replicas="${replicas[$svc]}"; done
for svc in "${WRITERS[@]}"; do run kubectl -n "$APP_NS" rollout status deploy "$svc" --timeout=10m; done
say "restored. The Cluster now archives WAL as server $PG_CLUSTER-$stamp: record it in deploy/k8s/platform/overlays/$ENVIRONMENT"
say "(plugins[0].parameters.serverName) before the next apply, and watch the groups' lag drain (docs/operations.md#restore)."
