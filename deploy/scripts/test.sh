#!/usr/bin/env bash
# Tests of the operations scripts without a cluster (deploy/validate.sh runs it): their --dry-run output must name the
# commands an operator relies on (the consumer groups a restore rewinds, the Flyway Job, the image a rollback sets),
# and the expand/contract checks of migrate.sh and rollback.sh must pass or refuse on a throwaway git repository with
# releases of its own. Needs git and kubectl (for kustomize); runs in a few seconds.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
passed=0 failed=0
ok() { passed=$((passed + 1)); }
ko() { failed=$((failed + 1)); printf '[scripts] FAIL %s\n' "$*" >&2; }
# expect NAME PATTERN TEXT: TEXT contains a line matching the extended regular expression PATTERN.
expect() { if grep -qE -- "$2" <<< "$3"; then ok; else ko "$1: no line matching /$2/"; fi; }
refuse() { if grep -qE -- "$2" <<< "$3"; then ko "$1: unexpected line matching /$2/"; else ok; fi; }

# restore.sh: the real restore, dry run.
out=$("$HERE/restore.sh" --to 2026-11-29T02:00:00Z --dry-run --accept-gap 2>&1) || ko "restore.sh dry run exited non-zero: $out"
for svc in stock-service alert-service openlmis-connector; do
  expect "restore stops $svc" "kubectl -n vaxtrace scale deploy $svc --replicas=0" "$out"
done
expect "restore recreates the Cluster from the object store" "^    recovery:" "$out"
expect "restore targets the time" "targetTime: \"2026-11-29T02:00:00Z\"" "$out"
expect "restore reads the old server's backups" "serverName: vaxtrace-pg$" "$out"
expect "restore archives under a new server name" "serverName: vaxtrace-pg-[0-9]{14}$" "$out"
expect "restore rewinds stock-service" "--group stock-service --topic vaxtrace.stock.events.v1 --reset-offsets --to-datetime 2026-11-29T01:50:00.000Z --execute" "$out"
expect "restore replays reference data" "--group stock-service-reference --topic vaxtrace.reference.v1 --reset-offsets --to-earliest --execute" "$out"
expect "restore rewinds alert-service on both topics" "--group alert-service --topic vaxtrace.stock.levels.v1 --topic vaxtrace.coldchain.readings.v1 --reset-offsets --to-datetime 2026-11-29T01:50:00.000Z" "$out"
refuse "restore leaves the gateway's groups alone" "--group realtime-gateway" "$out"
# The Cluster it would apply is a valid CloudNativePG Cluster (same schema check as the manifests).
awk '/^\+ kubectl -n vaxtrace-data apply -f - <<EOF$/ { on = 1; next } /^EOF$/ { on = 0 } on' <<< "$out" > "${TMPDIR:-/tmp}/restore-cluster.$$.yaml"
if node "$HERE/../validate/crd-check.mjs" "${TMPDIR:-/tmp}/restore-cluster.$$.yaml" >&2; then ok; else ko "restore's Cluster does not match the CloudNativePG schema"; fi
rm -f "${TMPDIR:-/tmp}/restore-cluster.$$.yaml"
out=$("$HERE/restore.sh" --to 2026-11-29T02:00:00Z --dry-run --rehearse --env staging 2>&1) || ko "restore.sh --rehearse dry run exited non-zero: $out"
expect "rehearsal restores aside" "name: vaxtrace-pg-rehearsal" "$out"
expect "rehearsal in staging's namespace" "kubectl -n vaxtrace-staging-data apply" "$out"
refuse "rehearsal stops no service" "scale deploy" "$out"
refuse "rehearsal rewinds no group" "reset-offsets" "$out"
if "$HERE/restore.sh" --to 2026-11-29T02:00:00Z >/dev/null 2>&1; then ko "restore without --yes must refuse"; else ok; fi
if "$HERE/restore.sh" --to yesterday --dry-run >/dev/null 2>&1; then ko "restore must refuse a malformed time"; else ok; fi

# rehearse-local.sh: what it prints and refuses (the real run is RestoreRehearsalTest in system-tests).
wal=$(mktemp -d)
out=$("$HERE/rehearse-local.sh" archive-settings "$wal/archive" 2>&1) || ko "rehearse-local.sh archive-settings exited non-zero: $out"
expect "local rehearsal archives WAL" "-c wal_level=replica -c archive_mode=on" "$out"
expect "local rehearsal never overwrites an archived segment" "archive_command='test ! -f $wal/archive/%f && cp %p $wal/archive/%f'" "$out"
rm -rf "$wal"
out=$("$HERE/rehearse-local.sh" restore --to yesterday --base-backup b --wal-archive w --data d --port 1 --bootstrap k 2>&1) \
  && ko "rehearse-local.sh must refuse a malformed time"
expect "local rehearsal says why" "--to must be a UTC time" "$out"

# backup.sh
out=$("$HERE/backup.sh" --dry-run now 2>&1) || ko "backup.sh now dry run exited non-zero: $out"
expect "backup now creates a plugin Backup" "method: plugin" "$out"
expect "backup now waits for it" "--for=jsonpath=.*status.phase.*=completed" "$out"
out=$("$HERE/backup.sh" --dry-run --env staging dump /backups 2>&1) || ko "backup.sh dump dry run exited non-zero: $out"
expect "backup dump covers vaxtrace_connector" "kubectl -n vaxtrace-staging-data exec svc/vaxtrace-pg-rw -c postgres -- pg_dump -Fc -d vaxtrace_connector" "$out"

# migrate.sh apply
out=$("$HERE/migrate.sh" apply --service alert-service --dry-run 2>&1) || ko "migrate.sh apply dry run exited non-zero: $out"
expect "migrate runs Flyway" "image: flyway/flyway:" "$out"
expect "migrate uses the service's database user" "secretKeyRef: \{name: alert-service-db-HASH, key: QUARKUS_DATASOURCE_USERNAME\}" "$out"
expect "migrate waits for the Job" "wait job/alert-service-migrate-[0-9]+ --for=condition=complete" "$out"
expect "migrate lets the exporter read the outbox" "-d vaxtrace_alert -c GRANT.+SELECT.+ON.+public.outbox_message.+TO.+cnpg_metrics_exporter" "$out"

# smoke.sh
out=$("$HERE/smoke.sh" --dry-run --env staging --host staging.vaxtrace.example.org 2>&1) || ko "smoke.sh dry run exited non-zero: $out"
for svc in ingest-service stock-service alert-service realtime-gateway openlmis-connector; do
  expect "smoke checks $svc's readiness" "get --raw /api/v1/namespaces/vaxtrace-staging/services/http:$svc:http/proxy/q/health/ready" "$out"
done
expect "smoke waits for the Postgres Cluster" "kubectl -n vaxtrace-staging-data wait cluster.postgresql.cnpg.io/vaxtrace-pg --for=condition=Ready" "$out"

# migrate.sh check and rollback.sh on a repository with releases: v1.0.0, then an expand migration (v1.1.0), then a
# contract migration (unreleased).
repo=$(mktemp -d)
trap 'rm -rf "$repo"' EXIT
mig=$repo/stock-service/src/main/resources/db/migration
mkdir -p "$mig"
g() { git -C "$repo" -c user.name=t -c user.email=t@example.org "$@" >/dev/null 2>&1; }
g init -q
printf 'CREATE TABLE ledger_entry (id BIGINT PRIMARY KEY, quantity BIGINT NOT NULL);\n' > "$mig/V1__ledger.sql"
g add -A; g commit -qm v1; g tag v1.0.0
printf 'ALTER TABLE ledger_entry ADD COLUMN lot_code VARCHAR(64);\nALTER TABLE ledger_entry ADD COLUMN source VARCHAR(16) NOT NULL DEFAULT %s;\nCREATE INDEX ledger_lot ON ledger_entry (lot_code);\n' "'api'" > "$mig/V2__lots.sql"
g add -A; g commit -qm v1.1; g tag v1.1.0
export VAXTRACE_REPO=$repo
if out=$("$HERE/migrate.sh" check 2>&1); then ok; else ko "migrate check after an expand-only release must pass: $out"; fi
out=$("$HERE/rollback.sh" --to 1.0.0 --service stock-service --dry-run 2>&1) || ko "rollback over an expand-only migration must pass: $out"
expect "rollback names the expand migration" "V2 is newer than 1.0.0 and expand-only" "$out"
expect "rollback sets the earlier image" "kubectl -n vaxtrace set image deploy/stock-service stock-service=ghcr.io/vaxtrace/vaxtrace-stock-service:1.0.0" "$out"
printf 'ALTER TABLE ledger_entry DROP COLUMN quantity;\n' > "$mig/V3__drop_quantity.sql"
g add -A; g commit -qm contract
if out=$("$HERE/migrate.sh" check 2>&1); then ko "migrate check must refuse a contract migration: $out"; else expect "migrate check names the statement" "V3__drop_quantity.sql:1:ALTER TABLE ledger_entry DROP COLUMN quantity" "$out"; fi
if out=$("$HERE/rollback.sh" --to 1.1.0 --service stock-service --dry-run 2>&1); then ko "rollback over a contract migration must refuse: $out"; else expect "rollback says why" "V3 \(applied, newer than 1.1.0\) is not expand-only" "$out"; fi
if out=$("$HERE/rollback.sh" --to 1.1.0 --service stock-service --dry-run --force 2>&1); then ok; else ko "rollback --force must go ahead: $out"; fi
git -C "$repo" reset -q --hard v1.1.0
printf -- '-- lots\n' >> "$mig/V1__ledger.sql"
g commit -qam edit-released
if out=$("$HERE/migrate.sh" check 2>&1); then ko "migrate check must refuse an edited released migration: $out"; else expect "migrate check names the edited file" "V1__ledger.sql: released in v1.1.0 and changed" "$out"; fi

printf '[scripts] deploy/scripts dry runs and migration checks: %d ok, %d failing\n' "$passed" "$failed" >&2
[ "$failed" = 0 ]
