#!/usr/bin/env bash
# Database migrations for zero-downtime releases (Flyway; the services also migrate at start, so this is about order
# and safety, docs/operations.md#migrations):
#   deploy/scripts/migrate.sh check [--base REF]
#       The migrations added since REF (default: the newest release tag v*) must be expand-only, and no migration of
#       REF may have been edited (Flyway would refuse the changed checksum). CI runs it on every release.
#   deploy/scripts/migrate.sh apply --service stock-service [--env E] [--dry-run]
#       Runs Flyway (the flyway/flyway image) as a Job against the service's database with the migrations of this
#       checkout, before the new image rolls out: the running old pods then work on the expanded schema. Then lets
#       the Postgres exporter read the outbox table (the backlog metrics).
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

FLYWAY_IMAGE=flyway/flyway:11.8.2
action=${1:-}; [ $# -gt 0 ] && shift
BASE="" SERVICE=""
while [ $# -gt 0 ]; do
  case "$1" in
    --base) BASE=$2; shift ;;
    --service) SERVICE=$2; shift ;;
    --env) set_environment "$2"; shift ;;
    --dry-run) DRY_RUN=1 ;;
    *) die "unknown argument $1" ;;
  esac
  shift
done

case "$action" in
  check)
    if [ -z "$BASE" ]; then
      BASE=$(git -C "$REPO" tag --list 'v*' --sort=-v:refname | head -n 1)
      [ -n "$BASE" ] || { say "no release tag yet: every migration is unreleased, nothing to check"; exit 0; }
    fi
    git -C "$REPO" rev-parse --verify -q "$BASE^{commit}" >/dev/null || die "unknown revision $BASE"
    failed=0 checked=0
    for svc in "${DB_SERVICES[@]}"; do
      released=$(migration_versions "$BASE" "$svc")
      for file in "$REPO/$svc/$MIGRATIONS_DIR"/V*.sql; do
        [ -e "$file" ] || continue
        rel=${file#"$REPO/"}
        version=$(basename "$file" | sed -nE 's/^V([0-9._]+)__.*/\1/p')
        if grep -qx "$version" <<< "$released"; then
          # Released: must be byte for byte what REF had.
          if ! git -C "$REPO" diff --quiet "$BASE" -- "$rel" 2>/dev/null || [ -z "$(git -C "$REPO" ls-tree "$BASE" -- "$rel")" ]; then
            say "FAIL $rel: released in $BASE and changed since (Flyway refuses a changed checksum; add a new migration)"; failed=1
          fi
          continue
        fi
        checked=$((checked + 1))
        expand_only "$rel" "FAIL $rel is not expand-only: the release before it would break on" || failed=1
      done
    done
    [ "$failed" = 0 ] || die "migrations since $BASE break expand/contract (docs/operations.md#migrations)"
    say "migrations since $BASE: $checked new, all expand-only; released ones unchanged"
    ;;
  apply)
    [ -n "$SERVICE" ] || die "apply needs --service (${DB_SERVICES[*]})"
    [ -d "$REPO/$SERVICE/$MIGRATIONS_DIR" ] || die "$SERVICE has no migrations"
    stamp=$(date -u +%Y%m%d%H%M%S)
    # The Deployment's own ConfigMap and Secret (kustomize names them with a hash suffix): the same URL and user.
    if [ "$DRY_RUN" = 1 ]; then
      config=$SERVICE-config-HASH secret=$SERVICE-db-HASH
    else
      refs=$(kubectl -n "$APP_NS" get deploy "$SERVICE" -o jsonpath='{range .spec.template.spec.containers[0].envFrom[*]}{.configMapRef.name}{.secretRef.name}{"\n"}{end}')
      config=$(grep -E "^$SERVICE-config" <<< "$refs" | head -n 1)
      secret=$(grep -E "^$SERVICE-db" <<< "$refs" | head -n 1)
      { [ -n "$config" ] && [ -n "$secret" ]; } || die "deploy/$SERVICE has no $SERVICE-config / $SERVICE-db references"
    fi
    job=$SERVICE-migrate-$stamp
    say "Flyway migrate of $SERVICE's database with $(find "$REPO/$SERVICE/$MIGRATIONS_DIR" -name 'V*.sql' | wc -l) migrations ($ENVIRONMENT)"
    run kubectl -n "$APP_NS" create configmap "$job" --from-file="$REPO/$SERVICE/$MIGRATIONS_DIR"
    run_stdin kubectl -n "$APP_NS" apply -f - <<MANIFEST
apiVersion: batch/v1
kind: Job
metadata:
  name: $job
  labels:
    app.kubernetes.io/name: $SERVICE-migrate
    app.kubernetes.io/part-of: vaxtrace
spec:
  backoffLimit: 0
  ttlSecondsAfterFinished: 86400
  template:
    spec:
      restartPolicy: Never
      securityContext:
        runAsNonRoot: true
        runAsUser: 1000
        seccompProfile:
          type: RuntimeDefault
      containers:
        - name: flyway
          image: $FLYWAY_IMAGE
          args: [migrate]
          env:
            - name: FLYWAY_URL
              valueFrom:
                configMapKeyRef: {name: $config, key: QUARKUS_DATASOURCE_JDBC_URL}
            - name: FLYWAY_USER
              valueFrom:
                secretKeyRef: {name: $secret, key: QUARKUS_DATASOURCE_USERNAME}
            - name: FLYWAY_PASSWORD
              valueFrom:
                secretKeyRef: {name: $secret, key: QUARKUS_DATASOURCE_PASSWORD}
            - name: FLYWAY_LOCATIONS
              value: filesystem:/flyway/sql
          resources:
            requests: {cpu: 100m, memory: 256Mi}
            limits: {memory: 512Mi}
          securityContext:
            allowPrivilegeEscalation: false
            capabilities:
              drop: [ALL]
          volumeMounts:
            - name: sql
              mountPath: /flyway/sql
      volumes:
        - name: sql
          configMap:
            name: $job
MANIFEST
    run kubectl -n "$APP_NS" wait "job/$job" --for=condition=complete --timeout=30m
    run kubectl -n "$APP_NS" logs "job/$job"
    run kubectl -n "$APP_NS" delete configmap "$job"
    # The Postgres exporter reads the outbox's backlog (cnpg_vaxtrace_outbox_*): that table only, nothing else.
    case "$SERVICE" in
      stock-service) psql_primary vaxtrace_stock -c 'GRANT SELECT ON public.outbox_message TO cnpg_metrics_exporter' ;;
      alert-service) psql_primary vaxtrace_alert -c 'GRANT SELECT ON public.outbox_message TO cnpg_metrics_exporter' ;;
    esac
    ;;
  *) die "usage: migrate.sh check [--base REF] | apply --service NAME [--env E] [--dry-run]" ;;
esac
