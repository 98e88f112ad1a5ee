# terraform apply -var-file=environments/staging.tfvars (credentials: TF_VAR_backup_credentials from the secret store)
environment             = "staging"
kube_context            = "vaxtrace-staging"
backup_region           = "ng-lagos-1"
prometheus_retention    = "15d"
prometheus_storage_size = "20Gi"
