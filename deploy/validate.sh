#!/usr/bin/env bash
# Validates the deployment files offline, as CI does: renders the Kustomize base and every overlay and checks each
# object against the Kubernetes schemas (Strimzi KafkaTopic against its CRD's fields), checks the topics against
# deploy/local/kafka/topics.txt, the compose file against the compose-spec schema and the GitHub workflows against
# GitHub's workflow schema, plus our own rules (probes, resources, PDBs, references). Needs node/npm and kustomize (or
# kubectl >= 1.21); the validators are npm packages pinned in deploy/validate/package-lock.json, installed on first use.
#   deploy/validate.sh
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
TOOLS=$ROOT/deploy/validate
say() { printf '[validate] %s\n' "$*" >&2; }
die() { printf '[validate] ERROR: %s\n' "$*" >&2; exit 1; }

command -v node >/dev/null && command -v npm >/dev/null || die "node and npm are needed (Debian: apt-get install nodejs npm)"
if [ ! -f "$TOOLS/node_modules/.package-lock.json" ] || [ "$TOOLS/package-lock.json" -nt "$TOOLS/node_modules/.package-lock.json" ]; then
  say "installing the validators (npm ci in deploy/validate)"
  npm ci --prefix "$TOOLS" --no-audit --no-fund --loglevel=error >&2
fi

# Committed secrets would be the worst mistake here: only the *.example templates may be tracked.
if git -C "$ROOT" rev-parse --git-dir >/dev/null 2>&1; then
  leaked=$(git -C "$ROOT" ls-files deploy/compose deploy/k8s | grep -E '(^|/)\.env$|secrets/[^/]+$|ingest-clients\.properties$' | grep -v '\.example$' || true)
  [ -z "$leaked" ] || die "secret files are tracked by git: $leaked"
fi

if command -v kustomize >/dev/null; then
  render() { kustomize build "$1"; }
elif command -v kubectl >/dev/null && kubectl kustomize --help >/dev/null 2>&1 \
    && kubectl version --client 2>/dev/null | grep -Eq 'Kustomize Version: v[4-9]'; then
  render() { kubectl kustomize "$1"; }
else
  render=""
fi

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$WORK/rendered"
cp -r "$ROOT/deploy/k8s" "$WORK/k8s"
# Render with the committed templates standing in for the git-ignored secret files.
find "$WORK/k8s" -name '*.example' | while read -r f; do [ -e "${f%.example}" ] || cp "$f" "${f%.example}"; done
# Paths in the base are relative to the repository (topics.txt is not referenced by the manifests, only compared).

partial=()
if [ "$(type -t render)" = function ]; then
  render "$WORK/k8s/base" > "$WORK/rendered/base.yaml"
  for overlay in "$WORK"/k8s/overlays/*/; do
    name=$(basename "$overlay")
    render "$overlay" > "$WORK/rendered/$name.yaml" || die "kustomize could not render overlay $name"
  done
else
  # No kustomize here: check the base's own files (complete objects), not the overlays.
  say "WARNING: neither kustomize nor kubectl >= 1.21 found: overlays are not rendered, only the base files are checked"
  for f in "$WORK"/k8s/base/*.yaml; do
    [ "$(basename "$f")" = kustomization.yaml ] || { cat "$f"; echo '---'; } >> "$WORK/rendered/base.yaml"
  done
  partial=(--partial)
fi

node "$TOOLS/validate.mjs" --root "$ROOT" --rendered "$WORK/rendered" "${partial[@]}"
