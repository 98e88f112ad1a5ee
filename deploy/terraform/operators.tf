# The operators, cluster-wide, each in a namespace of its own, from their projects' Helm repositories. The CRDs come
# with the charts; deploy/validate/crds holds the schemas of the same versions for offline validation.

resource "helm_release" "cert_manager" {
  count            = var.install_operators ? 1 : 0
  name             = "cert-manager"
  repository       = "https://charts.jetstack.io"
  chart            = "cert-manager"
  version          = var.chart_versions.cert_manager
  namespace        = "cert-manager"
  create_namespace = true
  values = [yamlencode({
    crds       = { enabled = true }
    prometheus = { enabled = true, servicemonitor = { enabled = true } }
  })]
}

resource "helm_release" "cloudnative_pg" {
  count            = var.install_operators ? 1 : 0
  name             = "cnpg"
  repository       = "https://cloudnative-pg.github.io/charts"
  chart            = "cloudnative-pg"
  version          = var.chart_versions.cloudnative_pg
  namespace        = "cnpg-system"
  create_namespace = true
  values = [yamlencode({
    monitoring = { podMonitorEnabled = true }
  })]
}

# WAL archiving and base backups to object storage (the Cluster's plugins / ObjectStore); needs cert-manager for the
# TLS between the instances and the plugin.
resource "helm_release" "plugin_barman_cloud" {
  count      = var.install_operators ? 1 : 0
  name       = "plugin-barman-cloud"
  repository = "https://cloudnative-pg.github.io/charts"
  chart      = "plugin-barman-cloud"
  version    = var.chart_versions.plugin_barman_cloud
  namespace  = "cnpg-system"
  depends_on = [helm_release.cloudnative_pg, helm_release.cert_manager]
}

resource "helm_release" "strimzi" {
  count            = var.install_operators ? 1 : 0
  name             = "strimzi"
  repository       = "https://strimzi.io/charts/"
  chart            = "strimzi-kafka-operator"
  version          = var.chart_versions.strimzi
  namespace        = "strimzi"
  create_namespace = true
  values = [yamlencode({
    # Kafka clusters live in the data namespaces; their Topic Operators watch the application namespaces.
    watchAnyNamespace = true
  })]
}

resource "helm_release" "redis_operator" {
  count            = var.install_operators ? 1 : 0
  name             = "redis-operator"
  repository       = "https://ot-container-kit.github.io/helm-charts/"
  chart            = "redis-operator"
  version          = var.chart_versions.redis_operator
  namespace        = "redis-operator"
  create_namespace = true
}

resource "random_password" "grafana_admin" {
  length  = 24
  special = false
}

# Prometheus, Alertmanager, Grafana, kube-state-metrics and node exporters. Prometheus selects every ServiceMonitor,
# PodMonitor and PrometheusRule of the cluster (not only the chart's own), so the ones in deploy/k8s are picked up;
# Grafana loads every ConfigMap labelled grafana_dashboard (the dashboards of deploy/k8s/base/dashboards).
resource "helm_release" "kube_prometheus_stack" {
  count            = var.install_operators ? 1 : 0
  name             = "kube-prometheus-stack"
  repository       = "https://prometheus-community.github.io/helm-charts"
  chart            = "kube-prometheus-stack"
  version          = var.chart_versions.kube_prometheus_stack
  namespace        = "monitoring"
  create_namespace = true
  values = [yamlencode({
    prometheus = {
      prometheusSpec = {
        serviceMonitorSelectorNilUsesHelmValues = false
        podMonitorSelectorNilUsesHelmValues     = false
        ruleSelectorNilUsesHelmValues           = false
        retention                               = var.prometheus_retention
        storageSpec = {
          volumeClaimTemplate = {
            spec = {
              accessModes = ["ReadWriteOnce"]
              resources   = { requests = { storage = var.prometheus_storage_size } }
            }
          }
        }
      }
    }
    grafana = {
      adminPassword = coalesce(var.grafana_admin_password, random_password.grafana_admin.result)
      sidecar = {
        dashboards = { enabled = true, label = "grafana_dashboard", searchNamespace = "ALL" }
      }
    }
    alertmanager = var.alertmanager_receivers == "" ? {} : { config = yamldecode(var.alertmanager_receivers) }
  })]
}
