variable "environment" {
  description = "staging or production: names the namespaces (vaxtrace / vaxtrace-data, or vaxtrace-staging / vaxtrace-staging-data) as the Kustomize overlays expect them."
  type        = string
  validation {
    condition     = contains(["staging", "production"], var.environment)
    error_message = "The environment must be staging or production."
  }
}

variable "kubeconfig_path" {
  description = "Path of the kubeconfig to use."
  type        = string
  default     = "~/.kube/config"
}

variable "kube_context" {
  description = "The kubeconfig context of the target cluster (null: the current context)."
  type        = string
  default     = null
}

variable "install_operators" {
  description = "Install the cluster-wide operators (CloudNativePG and its Barman Cloud plugin, Strimzi, redis-operator, cert-manager, kube-prometheus-stack). Once per cluster: when staging and production share a cluster, set it in one of them only."
  type        = bool
  default     = true
}

variable "chart_versions" {
  description = "Pinned Helm chart versions of the operators (upgrade one at a time, staging first; regenerate deploy/validate/crds when an operator's CRDs change)."
  type = object({
    cloudnative_pg        = string
    plugin_barman_cloud   = string
    strimzi               = string
    redis_operator        = string
    cert_manager          = string
    kube_prometheus_stack = string
  })
  default = {
    cloudnative_pg        = "0.29.0" # operator 1.30.0
    plugin_barman_cloud   = "0.7.0"  # plugin v0.13.0
    strimzi               = "1.2.0"
    redis_operator        = "0.26.1" # operator 0.26.0
    cert_manager          = "v1.18.2"
    kube_prometheus_stack = "76.5.1"
  }
}

variable "backup_region" {
  description = "Region of the backup bucket (Secret vaxtrace-pg-backup-s3, key REGION). The bucket and its endpoint are set in the platform overlay's ObjectStore: a store in Nigeria, or under a lawful transfer basis (docs/operations.md#backups)."
  type        = string
}

variable "backup_credentials" {
  description = "Write credentials of the backup bucket, used only by the Postgres Cluster (Secret vaxtrace-pg-backup-s3). Pass them from the secret store (TF_VAR_backup_credentials), never in a tfvars file."
  type = object({
    access_key_id     = string
    secret_access_key = string
  })
  sensitive = true
}

variable "grafana_admin_password" {
  description = "Grafana's admin password (null: generated, read it with terraform output -raw grafana_admin_password)."
  type        = string
  default     = null
  sensitive   = true
}

variable "alertmanager_receivers" {
  description = "Alertmanager's receivers and route (the alertmanager.config of kube-prometheus-stack, as YAML): who is paged for critical alerts, where warnings go. Empty: alerts are visible in Alertmanager only."
  type        = string
  default     = ""
}

variable "prometheus_retention" {
  description = "How long Prometheus keeps metrics."
  type        = string
  default     = "30d"
}

variable "prometheus_storage_size" {
  description = "Prometheus' volume."
  type        = string
  default     = "50Gi"
}
