# terraform apply -var-file=environments/production.tfvars (credentials: TF_VAR_backup_credentials from the secret store)
environment             = "production"
kube_context            = "vaxtrace-production"
backup_region           = "ng-lagos-1"
prometheus_retention    = "90d"
prometheus_storage_size = "100Gi"
