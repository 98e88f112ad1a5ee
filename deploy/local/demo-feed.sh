#!/usr/bin/env bash
# A small demo feed for the local run: signed stock events for a few facilities every couple of seconds, through the
# real ingest API, so the dashboards and the API have something moving. (The synthetic-data generator of the
# stock-service issue will replace it with realistic national activity.)
set -euo pipefail
URL=${VAXTRACE_INGEST_URL:-http://127.0.0.1:8081}
CLIENT=${VAXTRACE_CLIENT:-demo-feed}
SECRET=$(cat "${VAXTRACE_SECRET_FILE:?path of the client secret}")
INTERVAL=${VAXTRACE_DEMO_INTERVAL:-2}
FACILITIES=(NG-KN-017-HF-001 NG-KN-017-HF-002 NG-LA-010-HF-001 NG-FC-002-HF-001 NG-BO-020-HF-002 NG-RI-015-HF-001 NG-KD-010-HF-002)
PRODUCTS=(PENTA BCG BOPV MEASLES PCV)

post() { # body
  local ts sig; ts=$(date +%s)
  sig=$(printf '%s.%s' "$ts" "$1" | openssl dgst -sha256 -hmac "$SECRET" -hex | sed 's/^.* //')
  curl -s -o /dev/null -w '%{http_code}' -X POST "$URL/api/v1/stock-events" -H 'Content-Type: application/json' \
    -H "X-VaxTrace-Client: $CLIENT" -H "X-VaxTrace-Timestamp: $ts" -H "X-VaxTrace-Signature: v1=$sig" --data-binary "$1"
}

event() { # type facility product quantity
  printf '{"eventId":"%s","type":"%s","facilityCode":"%s","productCode":"%s","lot":{"code":"%s-2027A","expiry":"2027-06-30"},"quantity":%d,"occurredAt":"%s","sourceSystem":"demo-feed"}' \
    "$(cat /proc/sys/kernel/random/uuid)" "$1" "$2" "$3" "$3" "$4" "$(date -u +%Y-%m-%dT%H:%M:%SZ)"
}

# Opening stock, then sessions that consume it and occasional restocking.
for f in "${FACILITIES[@]}"; do
  for p in "${PRODUCTS[@]}"; do echo "receipt $f $p 1000 → $(post "$(event receipt "$f" "$p" 1000)")"; done
done
while true; do
  f=${FACILITIES[RANDOM % ${#FACILITIES[@]}]}
  p=${PRODUCTS[RANDOM % ${#PRODUCTS[@]}]}
  if [ $((RANDOM % 10)) -eq 0 ]; then
    echo "receipt $f $p 400 → $(post "$(event receipt "$f" "$p" 400)")"
  else
    q=$((RANDOM % 30 + 1))
    echo "consumption $f $p $q → $(post "$(event consumption "$f" "$p" "$q")")"
  fi
  sleep "$INTERVAL"
done
