#!/usr/bin/env bash
# Validates the deployment files offline, as CI does: renders the Kustomize base and every overlay (services and
# platform) and checks each object against the Kubernetes schemas (custom resources against their operators' CRD
# schemas, validate/crds), runs the alerting rules' unit tests (promtool), shellcheck and the dry runs of
# deploy/scripts, terraform fmt, and checks the topics against
# deploy/local/kafka/topics.txt, the compose file against the compose-spec schema and the GitHub workflows against
# GitHub's workflow schema, plus our own rules (probes, resources, PDBs, references). Needs node/npm and kustomize (or
# kubectl >= 1.21); the validators are npm packages pinned in deploy/validate/package-lock.json, installed on first use.
#   deploy/validate.sh
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
TOOLS=$ROOT/deploy/validate
say() { printf '[validate] %s\n' "$*" >&2; }
die() { printf '[validate] ERROR: %s\n' "$*" >&2; exit 1; }

{ command -v node >/dev/null && command -v npm >/dev/null; } || die "node and npm are needed (Debian: apt-get install nodejs npm)"
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
  # The platform under the services (Postgres, Kafka, Redis, their monitoring), one overlay per environment.
  for overlay in "$WORK"/k8s/platform/overlays/*/; do
    name=$(basename "$overlay")
    render "$overlay" > "$WORK/rendered/platform-$name.yaml" || die "kustomize could not render platform overlay $name"
  done
else
  # No kustomize here: check the base's own files (complete objects), not the overlays.
  say "WARNING: neither kustomize nor kubectl >= 1.21 found: overlays are not rendered, only the base files are checked"
  for f in "$WORK"/k8s/base/*.yaml; do
    [ "$(basename "$f")" = kustomization.yaml ] || { cat "$f"; echo '---'; } >> "$WORK/rendered/base.yaml"
  done
  partial=(--partial)
fi

mkdir -p "$WORK/rules"
status=0
node "$TOOLS/validate.mjs" --root "$ROOT" --rendered "$WORK/rendered" --rules-out "$WORK/rules" "${partial[@]}" || status=1

# The alerting rules' unit tests: promtool (Debian package prometheus) against the rules as rendered above. Where it is
# missing, only the promtool binary is taken from Debian's package (installing the package would also start a
# Prometheus server wherever systemd runs); it is kept in deploy/validate/.bin (git-ignored).
if ! command -v promtool >/dev/null && [ ! -x "$TOOLS/.bin/promtool" ] && command -v apt-get >/dev/null; then
  say "fetching promtool from Debian's prometheus package"
  deb=$(mktemp -d)
  if (cd "$deb" && { apt-get download prometheus >/dev/null 2>&1 || { apt-get update -qq >/dev/null 2>&1 && apt-get download prometheus >/dev/null 2>&1; }; }); then
    dpkg-deb -x "$deb"/prometheus_*.deb "$deb/x" && mkdir -p "$TOOLS/.bin" && cp "$deb/x/usr/bin/promtool" "$TOOLS/.bin/"
  fi
  rm -rf "$deb"
fi
PATH=$TOOLS/.bin:$PATH
if command -v promtool >/dev/null; then
  cp "$ROOT"/deploy/k8s/monitoring-tests/*.test.yaml "$WORK/rules/"
  if (cd "$WORK/rules" && promtool check rules ./*.rules.yaml >/dev/null && promtool test rules ./*.test.yaml >&2); then
    say "promtool: rules and their unit tests pass"
  else
    say "FAIL promtool test rules"; status=1
  fi
else
  say "WARNING: promtool not found (Debian: apt-get install prometheus): the alerting rules' unit tests did not run"
  [ -z "${CI:-}" ] || status=1
fi

# The operations scripts: shellcheck-clean, and their dry runs print what they would do (deploy/scripts/test.sh).
if command -v shellcheck >/dev/null; then
  if shellcheck -x "$ROOT"/deploy/scripts/*.sh "$ROOT"/deploy/validate.sh >&2; then say "shellcheck: deploy/scripts clean"; else say "FAIL shellcheck"; status=1; fi
else
  say "WARNING: shellcheck not found (Debian: apt-get install shellcheck)"
  [ -z "${CI:-}" ] || status=1
fi
bash "$ROOT/deploy/scripts/test.sh" >&2 || { say "FAIL deploy/scripts dry runs"; status=1; }

# Terraform: formatting always (terraform itself, where installed); validate only where the providers can be had (the
# GitHub workflow deploy.yml runs init + validate + tflint; this machine reaches no provider registry).
# A TF_CLI_CONFIG_FILE naming a missing file only makes terraform warn; ignore it.
tf() { if [ -n "${TF_CLI_CONFIG_FILE:-}" ] && [ ! -e "$TF_CLI_CONFIG_FILE" ]; then env -u TF_CLI_CONFIG_FILE terraform "$@"; else terraform "$@"; fi; }
if command -v terraform >/dev/null; then
  if tf -chdir="$ROOT/deploy/terraform" fmt -check -recursive >&2; then say "terraform fmt: clean"; else say "FAIL terraform fmt -check (run terraform fmt -recursive deploy/terraform)"; status=1; fi
  if [ -d "$ROOT/deploy/terraform/.terraform/providers" ]; then
    tf -chdir="$ROOT/deploy/terraform" validate >&2 || { say "FAIL terraform validate"; status=1; }
  else
    say "terraform validate skipped: providers not installed (terraform init needs registry.terraform.io; GitHub Actions deploy-checks.yml runs it)"
  fi
else
  say "terraform not installed: fmt/validate left to the GitHub workflow deploy.yml"
fi
exit $status
