locals {
  app_namespace  = var.environment == "production" ? "vaxtrace" : "vaxtrace-staging"
  data_namespace = "${local.app_namespace}-data"
  labels = {
    "app.kubernetes.io/part-of"    = "vaxtrace"
    "app.kubernetes.io/managed-by" = "terraform"
    "vaxtrace.ng/environment"      = var.environment
  }
}

# The data services' namespace (deploy/k8s/platform/overlays/<env>), where the Secrets below go. The operators' pods
# set their own security contexts (baseline). The services' namespace is declared by their overlay
# (deploy/k8s/overlays/<env>/namespace.yaml, restricted in production), so kubectl apply -k alone stays complete.
resource "kubernetes_namespace_v1" "data" {
  metadata {
    name = local.data_namespace
    labels = merge(local.labels, {
      "pod-security.kubernetes.io/enforce" = "baseline"
    })
  }
}
