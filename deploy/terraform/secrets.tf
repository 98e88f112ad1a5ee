# Secrets the platform needs, generated or passed in here so no person has to type them: the Postgres roles'
# passwords (CloudNativePG sets them on the managed roles; the services get the same values through the overlay's
# secrets/<service>-db.env, written from the output below) and the backup bucket's credentials.

locals {
  # Cluster role → Secret read by CloudNativePG (deploy/k8s/platform/base/postgres.yaml) → the service using it.
  pg_roles = {
    vaxtrace_stock     = { secret = "vaxtrace-pg-stock", service = "stock-service" }
    vaxtrace_alert     = { secret = "vaxtrace-pg-alert", service = "alert-service" }
    vaxtrace_connector = { secret = "vaxtrace-pg-connector", service = "openlmis-connector" }
  }
}

resource "random_password" "pg_role" {
  for_each = local.pg_roles
  length   = 32
  special  = false
}

resource "kubernetes_secret_v1" "pg_role" {
  for_each = local.pg_roles
  metadata {
    name      = each.value.secret
    namespace = kubernetes_namespace_v1.data.metadata[0].name
    labels    = merge(local.labels, { "cnpg.io/reload" = "true" })
  }
  type = "kubernetes.io/basic-auth"
  data = {
    username = each.key
    password = random_password.pg_role[each.key].result
  }
}

resource "kubernetes_secret_v1" "backup_s3" {
  metadata {
    name      = "vaxtrace-pg-backup-s3"
    namespace = kubernetes_namespace_v1.data.metadata[0].name
    labels    = local.labels
  }
  data = {
    ACCESS_KEY_ID     = var.backup_credentials.access_key_id
    ACCESS_SECRET_KEY = var.backup_credentials.secret_access_key
    REGION            = var.backup_region
  }
}
