#!/usr/bin/env bash
# Smoke test of a deployed environment (the release workflow runs it after the staging deploy): the platform is ready
# (Postgres Cluster, Kafka, every KafkaTopic), every service rolled out and ready (its /q/health/ready through the API
# server's service proxy: nothing to install in the images), and, given the public host, the status page answers
# through the Ingress while /q/ stays internal.
#   deploy/scripts/smoke.sh [--env staging|production] [--host staging.vaxtrace.example.org] [--dry-run]
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

HOST=""
while [ $# -gt 0 ]; do
  case "$1" in
    --env) set_environment "$2"; shift ;;
    --host) HOST=$2; shift ;;
    --dry-run) DRY_RUN=1 ;;
    -h|--help) sed -n '2,6p' "$0"; exit 0 ;;
    *) die "unknown argument $1 (--help)" ;;
  esac
  shift
done

run kubectl -n "$DATA_NS" wait "cluster.postgresql.cnpg.io/$PG_CLUSTER" --for=condition=Ready --timeout=15m
run kubectl -n "$DATA_NS" wait kafka.kafka.strimzi.io/vaxtrace --for=condition=Ready --timeout=15m
run kubectl -n "$APP_NS" wait kafkatopic.kafka.strimzi.io --all --for=condition=Ready --timeout=5m
for svc in "${SERVICES[@]}"; do
  run kubectl -n "$APP_NS" rollout status "deploy/$svc" --timeout=10m
done
for svc in "${SERVICES[@]}"; do
  say "$svc ready?"
  run kubectl get --raw "/api/v1/namespaces/$APP_NS/services/http:$svc:http/proxy/q/health/ready"
done
if [ -n "$HOST" ]; then
  run curl -fsS -o /dev/null -w 'status page %{http_code}\n' "https://$HOST/status/"
  if [ "$DRY_RUN" = 1 ]; then
    run curl -s -o /dev/null -w '%{http_code}' "https://$HOST/q/health"
  else
    code=$(curl -s -o /dev/null -w '%{http_code}' "https://$HOST/q/health" || true)
    [ "$code" = 404 ] || die "https://$HOST/q/health answered $code: the Ingress exposes /q/"
  fi
fi
say "$ENVIRONMENT is up"
