#!/usr/bin/env bash
# Rolls services back to an earlier release's images, after checking that the databases, already migrated by the
# newer release, are still usable by the older code: every migration applied since that release must be expand-only
# (the older Flyway ignores migrations newer than its own, but its code would break on a dropped or renamed column).
#   deploy/scripts/rollback.sh --to 0.1.0 [--service stock-service ...] [--env E] [--dry-run] [--force]
# Without --service, all five services go back. --force rolls back despite a contract migration (then restore the
# database to before the release instead: deploy/scripts/restore.sh). Release tags are v<version> in this repository.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

TO="" FORCE=0
chosen=()
while [ $# -gt 0 ]; do
  case "$1" in
    --to) TO=${2#v}; shift ;;
    --service) chosen+=("$2"); shift ;;
    --env) set_environment "$2"; shift ;;
    --dry-run) DRY_RUN=1 ;;
    --force) FORCE=1 ;;
    -h|--help) sed -n '2,8p' "$0"; exit 0 ;;
    *) die "unknown argument $1 (--help)" ;;
  esac
  shift
done
[ -n "$TO" ] || die "--to VERSION is required (a release tag v<VERSION> of this repository)"
git -C "$REPO" rev-parse --verify -q "v$TO^{commit}" >/dev/null || die "no release tag v$TO in $REPO (git fetch --tags)"
[ ${#chosen[@]} -gt 0 ] || chosen=("${SERVICES[@]}")

# The migrations applied to a service's database (the live flyway_schema_history; in a dry run, this checkout's).
applied_versions() {
  local svc=$1 db
  if [ "$DRY_RUN" = 1 ]; then migration_versions HEAD "$svc"; return; fi
  db=$(case "$svc" in stock-service) echo vaxtrace_stock ;; alert-service) echo vaxtrace_alert ;; openlmis-connector) echo vaxtrace_connector ;; esac)
  psql_primary "$db" -At -c "SELECT version FROM flyway_schema_history WHERE success AND version IS NOT NULL" | sort -V
}

blocked=0
for svc in "${chosen[@]}"; do
  [[ " ${SERVICES[*]} " == *" $svc "* ]] || die "unknown service $svc"
  [[ " ${DB_SERVICES[*]} " == *" $svc "* ]] || continue
  known=$(migration_versions "v$TO" "$svc")
  while read -r version; do
    [ -n "$version" ] || continue
    grep -qx "$version" <<< "$known" && continue
    file=$(git -C "$REPO" ls-tree --name-only HEAD -- "$svc/$MIGRATIONS_DIR/" | grep -E "/V${version}__[^/]*\.sql$" | head -n 1)
    [ -n "$file" ] || { say "$svc: migration V$version is applied but unknown to this checkout: check out the deployed release"; blocked=1; continue; }
    if expand_only "$file" "$svc: V$version (applied, newer than $TO) is not expand-only; $TO's code would break on:"; then
      say "$svc: V$version is newer than $TO and expand-only: $TO can run on it"
    else
      blocked=1
    fi
  done <<< "$(applied_versions "$svc")"
done
if [ "$blocked" = 1 ] && [ "$FORCE" = 0 ]; then
  die "not rolling back: restore the databases to before the release (restore.sh) or roll forward with a fix; --force overrides"
fi

for svc in "${chosen[@]}"; do
  if [ "$DRY_RUN" = 1 ]; then
    image="ghcr.io/vaxtrace/vaxtrace-$svc"
  else
    current=$(kubectl -n "$APP_NS" get deploy "$svc" -o jsonpath='{.spec.template.spec.containers[0].image}')
    image=${current%:*}
  fi
  say "$svc → $image:$TO"
  run kubectl -n "$APP_NS" set image "deploy/$svc" "$svc=$image:$TO"
done
for svc in "${chosen[@]}"; do run kubectl -n "$APP_NS" rollout status "deploy/$svc" --timeout=10m; done
say "rolled back to $TO. Record it in deploy/k8s/overlays/$ENVIRONMENT (images: newTag) so the next apply keeps it."
