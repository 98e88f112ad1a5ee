// Checks of the platform under the services (deploy/k8s/platform) and of the monitoring (ServiceMonitors,
// PrometheusRules, Grafana dashboards), called by validate.mjs:
// - every custom resource against the JSON schema of its operator's CRD (crds/, made by crd-schemas.mjs from the
//   operators' released CRDs: CloudNativePG, its Barman Cloud plugin, Strimzi, redis-operator, Prometheus operator);
// - each application overlay against the platform overlay of the same name: the hosts it connects to are the
//   platform's Services, its database names and users are the Cluster's, the Topic Operator watches its namespace,
//   its KafkaTopics fit the brokers;
// - the promises of the platform: a synchronous standby, WAL archiving with seven years of backups in production,
//   replication 3 / min ISR 2, a Redis replica, noeviction for ingest's Redis;
// - every alert has severity, summary and a runbook entry in docs/operations.md; the rules are written out for
//   `promtool test rules` (validate.sh runs it).
import { readFileSync, readdirSync, writeFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { stringify } from "yaml";

export function crdValidators(ajv, dir) {
  for (const f of ["int32", "int64", "double", "float", "byte", "quantity", "date-time"]) {
    if (!ajv.formats[f]) ajv.addFormat(f, true);
  }
  const schemas = new Map();
  for (const f of readdirSync(dir).filter((f) => f.endsWith(".json"))) {
    const [group, version, kind] = f.replace(/\.json$/, "").split("_");
    schemas.set(`${group}/${version} ${kind}`, join(dir, f));
  }
  const compiled = new Map();
  return (apiVersion, kind) => {
    const key = `${apiVersion} ${kind}`;
    if (!schemas.has(key)) return null;
    if (!compiled.has(key)) compiled.set(key, ajv.compile(JSON.parse(readFileSync(schemas.get(key), "utf8"))));
    return compiled.get(key);
  };
}

// GitHub-style anchors of the headings of a Markdown file.
function anchors(file) {
  return new Set(readFileSync(file, "utf8").split("\n").filter((l) => /^#{1,6} /.test(l))
    .map((l) => l.replace(/^#+ /, "").trim().toLowerCase().replace(/[^\p{L}\p{N} _-]/gu, "").replace(/ /g, "-")));
}

export function checkAlerts(check, root, name, objects, rulesOut) {
  const docAnchors = anchors(join(root, "docs/operations.md"));
  for (const rule of objects.filter((o) => o.kind === "PrometheusRule")) {
    const id = `${name}: PrometheusRule/${rule.metadata.name}`;
    for (const g of rule.spec.groups) {
      for (const r of g.rules) checkMetricNames(check, root, `${id} ${r.alert ?? r.record}`, r.expr);
      for (const r of g.rules.filter((r) => r.alert)) {
        check(`${id} ${r.alert} has a severity`, ["critical", "warning", "info"].includes(r.labels?.severity), r.labels?.severity);
        check(`${id} ${r.alert} has a summary`, typeof r.annotations?.summary === "string");
        const anchor = `alert-${r.alert.toLowerCase()}`;
        const linked = r.annotations?.runbook_url?.replace(/^.*#/, "");
        check(`${id} ${r.alert} links a runbook entry`, linked !== undefined && linked.startsWith("alert-"), r.annotations?.runbook_url);
        check(`${id} ${r.alert} runbook entry #${linked} exists in docs/operations.md`, docAnchors.has(linked));
        if (linked !== anchor) check(`${id} ${r.alert} shares its runbook entry with another alert of the group`, g.rules.some((o) => `alert-${o.alert?.toLowerCase()}` === linked));
      }
    }
    if (rulesOut) writeFileSync(join(rulesOut, `${rule.metadata.name}.rules.yaml`), stringify({ groups: rule.spec.groups }));
  }
}

// The vaxtrace_* metrics the services register (Micrometer names in the Java sources, dots → underscores), so a rule or
// panel cannot watch a metric nobody exposes (a renamed counter would silence its alert for ever).
function serviceMetrics(root) {
  const names = new Set();
  const walk = (d) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) { if (!["target", "node_modules", "test"].includes(e.name) && !e.name.startsWith(".")) walk(join(d, e.name)); }
      else if (e.name.endsWith(".java")) {
        for (const m of readFileSync(join(d, e.name), "utf8").matchAll(/"(vaxtrace[._][a-z0-9._]+)"/g)) names.add(m[1].replace(/\./g, "_"));
      }
    }
  };
  for (const svc of ["ingest-service", "stock-service", "alert-service", "realtime-gateway", "openlmis-connector"]) {
    if (existsSync(join(root, svc, "src/main/java"))) walk(join(root, svc, "src/main/java"));
  }
  return names;
}
let metricsCache;
export function checkMetricNames(check, root, what, expr) {
  metricsCache ??= serviceMetrics(root);
  for (const m of expr.matchAll(/(?<![a-z_])vaxtrace_[a-z0-9_]+/g)) {
    const used = m[0];
    const known = [...metricsCache].some((n) => [n, `${n}_total`, `${n}_seconds_count`, `${n}_seconds_sum`, `${n}_seconds_max`, `${n}_seconds_bucket`, `${n}_count`, `${n}_sum`, `${n}_max`].includes(used));
    check(`${what}: metric ${used} is registered by a service`, known);
  }
}

export function checkDashboards(check, root, rulesOut) {
  const dir = join(root, "deploy/k8s/base/dashboards");
  if (!existsSync(dir)) return;
  for (const f of readdirSync(dir).filter((f) => f.endsWith(".json"))) {
    let d = null;
    try { d = JSON.parse(readFileSync(join(dir, f), "utf8")); } catch (e) { check(`dashboard ${f} parses`, false, e.message); continue; }
    check(`dashboard ${f} parses`, true);
    check(`dashboard ${f} has a uid and title`, typeof d.uid === "string" && typeof d.title === "string");
    const panels = (d.panels ?? []).flatMap((p) => [p, ...(p.panels ?? [])]).filter((p) => p.type !== "row");
    check(`dashboard ${f} has panels`, panels.length > 0);
    const records = [];
    for (const p of panels) {
      check(`dashboard ${f}: panel "${p.title}" has a query`, (p.targets ?? []).every((t) => typeof t.expr === "string" && t.expr.length > 0) && (p.targets ?? []).length > 0);
      for (const t of p.targets ?? []) {
        checkMetricNames(check, root, `dashboard ${f}: panel "${p.title}"`, t.expr ?? "");
        records.push({ record: `dashboard:panel_${p.id}_${t.refId}`, expr: t.expr });
      }
    }
    // promtool check rules parses them (validate.sh): a PromQL typo in a panel fails here, not in front of the on-call.
    if (rulesOut) writeFileSync(join(rulesOut, `dashboard-${f.replace(/\.json$/, "")}.rules.yaml`), stringify({ groups: [{ name: d.uid, rules: records }] }));
  }
}

const host = (url) => { try { return new URL(url.replace(/^jdbc:/, "")).hostname; } catch { return null; } };
const dbName = (url) => { try { return new URL(url.replace(/^jdbc:/, "")).pathname.slice(1); } catch { return null; } };

export function checkPlatform(check, name, objects) {
  const one = (kind) => objects.filter((o) => o.kind === kind);
  const cluster = one("Cluster")[0];
  check(`${name}: one CloudNativePG Cluster`, one("Cluster").length === 1);
  if (cluster) {
    const s = cluster.spec;
    check(`${name}: Postgres has a standby (instances >= 2)`, s.instances >= 2, String(s.instances));
    check(`${name}: Postgres commits wait for a synchronous standby`, (s.postgresql?.synchronous?.number ?? 0) >= 1);
    check(`${name}: Postgres image carries PostGIS`, /postgis/.test(s.imageName ?? ""), s.imageName);
    const archiver = (s.plugins ?? []).find((p) => p.isWALArchiver);
    check(`${name}: Postgres archives WAL (a plugin with isWALArchiver)`, archiver !== undefined);
    const store = one("ObjectStore").find((o) => o.metadata.name === archiver?.parameters?.barmanObjectName);
    check(`${name}: the WAL archiver's ObjectStore exists`, store !== undefined, archiver?.parameters?.barmanObjectName);
    if (store) {
      check(`${name}: backups encrypted at rest (data and WAL)`, store.spec.configuration.data?.encryption && store.spec.configuration.wal?.encryption);
      const months = { d: 1 / 30.4, w: 7 / 30.4, m: 1 }[store.spec.retentionPolicy.slice(-1)] * Number(store.spec.retentionPolicy.slice(0, -1));
      if (name.includes("production")) check(`${name}: backups kept seven years (retentionPolicy >= 84m)`, months >= 84, store.spec.retentionPolicy);
    }
    const backups = one("ScheduledBackup").filter((b) => b.spec.cluster.name === cluster.metadata.name);
    check(`${name}: a ScheduledBackup of the Cluster through the plugin`, backups.some((b) => b.spec.method === "plugin" && b.spec.pluginConfiguration?.name === archiver?.name));
    for (const r of s.managed?.roles ?? []) {
      check(`${name}: role ${r.name}'s password Secret is named`, typeof r.passwordSecret?.name === "string");
    }
    for (const q of s.monitoring?.customQueriesConfigMap ?? []) {
      check(`${name}: custom queries ConfigMap ${q.name} rendered`, objects.some((o) => o.kind === "ConfigMap" && o.metadata.name === q.name && q.key in (o.data ?? {})));
    }
  }
  const kafka = one("Kafka")[0];
  check(`${name}: one Strimzi Kafka`, one("Kafka").length === 1);
  if (kafka) {
    const pools = one("KafkaNodePool").filter((p) => p.metadata.labels?.["strimzi.io/cluster"] === kafka.metadata.name);
    const brokers = pools.filter((p) => p.spec.roles.includes("broker")).reduce((n, p) => n + p.spec.replicas, 0);
    const c = kafka.spec.kafka.config ?? {};
    check(`${name}: Kafka has controllers and brokers (KRaft node pools)`, brokers > 0 && pools.some((p) => p.spec.roles.includes("controller")));
    check(`${name}: Kafka default replication <= brokers`, Number(c["default.replication.factor"] ?? 1) <= brokers);
    check(`${name}: Kafka min.insync.replicas < replication (one broker may be down)`, brokers === 1 || Number(c["min.insync.replicas"]) < Number(c["default.replication.factor"]));
    if (name.includes("production")) {
      check(`${name}: Kafka replication 3, min ISR 2`, Number(c["default.replication.factor"]) === 3 && Number(c["min.insync.replicas"]) === 2 && brokers >= 3);
    }
    check(`${name}: Kafka does not auto-create topics`, c["auto.create.topics.enable"] === false);
    check(`${name}: Kafka refuses unclean leader election`, c["unclean.leader.election.enable"] === false);
    const mc = kafka.spec.kafka.metricsConfig?.valueFrom?.configMapKeyRef;
    check(`${name}: Kafka metrics ConfigMap rendered`, objects.some((o) => o.kind === "ConfigMap" && o.metadata.name === mc?.name && mc.key in (o.data ?? {})));
    check(`${name}: Kafka Exporter on (consumer lag alerts)`, kafka.spec.kafkaExporter !== undefined);
  }
  const redis = one("RedisReplication");
  for (const n of ["vaxtrace-redis", "vaxtrace-redis-ingest"]) {
    const r = redis.find((o) => o.metadata.name === n);
    check(`${name}: RedisReplication ${n} with a replica`, r && r.spec.clusterSize >= 2);
    check(`${name}: RedisReplication ${n} fails over (Sentinel)`, r && r.spec.sentinel?.size >= 1);
    const conf = objects.find((o) => o.kind === "ConfigMap" && o.metadata.name === r?.spec.redisConfig?.additionalRedisConfig)?.data?.["redis-additional.conf"] ?? "";
    check(`${name}: RedisReplication ${n} eviction policy`, n.endsWith("-ingest") ? /maxmemory-policy noeviction/.test(conf) : /maxmemory-policy allkeys-lru/.test(conf), conf);
  }
}

// The application overlay connects to what the platform overlay of the same name provides.
export function checkPairing(check, name, app, platform) {
  const ns = platform.find((o) => o.kind === "Kafka")?.metadata.namespace;
  const appNs = app.find((o) => o.kind === "Deployment")?.metadata.namespace;
  const cm = (n) => app.filter((o) => o.kind === "ConfigMap" && o.metadata.name.startsWith(n)).map((o) => o.data).reduce((a, b) => ({ ...a, ...b }), {});
  const kafka = platform.find((o) => o.kind === "Kafka");
  check(`${name}: KAFKA_BOOTSTRAP_SERVERS is the platform's bootstrap Service`, cm("vaxtrace-kafka-").KAFKA_BOOTSTRAP_SERVERS === `${kafka?.metadata.name}-kafka-bootstrap.${ns}.svc:9092`, cm("vaxtrace-kafka-").KAFKA_BOOTSTRAP_SERVERS);
  const plain = (kafka?.spec.kafka.listeners ?? []).find((l) => l.port === 9092);
  check(`${name}: Kafka's plain listener admits the application namespace ${appNs}`, (plain?.networkPolicyPeers ?? [])
    .some((p) => p.namespaceSelector?.matchLabels?.["kubernetes.io/metadata.name"] === appNs));
  check(`${name}: the Topic Operator watches the application namespace ${appNs}`, kafka?.spec.entityOperator?.topicOperator?.watchedNamespace === appNs);
  const brokers = platform.filter((o) => o.kind === "KafkaNodePool" && o.spec.roles.includes("broker")).reduce((n, p) => n + p.spec.replicas, 0);
  for (const t of app.filter((o) => o.kind === "KafkaTopic")) {
    check(`${name}: KafkaTopic ${t.metadata.name} replicas <= brokers (${brokers})`, t.spec.replicas <= brokers);
    check(`${name}: KafkaTopic ${t.metadata.name} labelled with the Kafka cluster`, t.metadata.labels?.["strimzi.io/cluster"] === kafka?.metadata.name);
  }
  const cluster = platform.find((o) => o.kind === "Cluster");
  const databases = platform.filter((o) => o.kind === "Database");
  for (const svc of ["stock-service", "alert-service", "openlmis-connector"]) {
    const c = cm(`${svc}-config-`);
    for (const k of ["QUARKUS_DATASOURCE_REACTIVE_URL", "QUARKUS_DATASOURCE_JDBC_URL"]) {
      check(`${name}: ${svc} ${k} is the Cluster's read-write Service`, host(c[k] ?? "") === `${cluster?.metadata.name}-rw.${ns}.svc`, c[k]);
      const db = databases.find((d) => d.spec.name === dbName(c[k] ?? ""));
      check(`${name}: ${svc} database ${dbName(c[k] ?? "")} is declared on the Cluster`, db !== undefined);
      const secret = app.find((o) => o.kind === "Secret" && o.metadata.name.startsWith(`${svc}-db-`));
      const user = secret ? Buffer.from(String(secret.data?.QUARKUS_DATASOURCE_USERNAME ?? "").replace(/\s/g, ""), "base64").toString() : undefined;
      if (db) check(`${name}: ${svc}'s database user is the owner of ${db.spec.name}`, user === db.spec.owner, user);
    }
  }
  for (const [svc, redis] of [["stock-service", "vaxtrace-redis"], ["ingest-service", "vaxtrace-redis-ingest"]]) {
    const url = cm(`${svc}-config-`).QUARKUS_REDIS_HOSTS ?? "";
    check(`${name}: ${svc} QUARKUS_REDIS_HOSTS is ${redis}'s primary Service`, host(url) === `${redis}-master.${ns}.svc`, url);
  }
}
