output "app_namespace" {
  description = "Namespace of the services (deploy/k8s/overlays/<environment>)."
  value       = local.app_namespace
}

output "data_namespace" {
  description = "Namespace of Postgres, Kafka and Redis (deploy/k8s/platform/overlays/<environment>)."
  value       = kubernetes_namespace_v1.data.metadata[0].name
}

# The overlay's secrets/<service>-db.env files, e.g.:
#   terraform output -json service_db_env | jq -r '."stock-service"' > ../k8s/overlays/production/secrets/stock-service-db.env
output "service_db_env" {
  description = "Contents of each service's secrets/<service>-db.env (its database user and password)."
  sensitive   = true
  value = {
    for role, r in local.pg_roles : r.service => "QUARKUS_DATASOURCE_USERNAME=${role}\nQUARKUS_DATASOURCE_PASSWORD=${random_password.pg_role[role].result}\n"
  }
}

output "grafana_admin_password" {
  description = "Grafana's admin password."
  sensitive   = true
  value       = coalesce(var.grafana_admin_password, random_password.grafana_admin.result)
}
