# The cluster comes from a kubeconfig context (the platform team's, or CI's from a secret): this module installs what
# VaxTrace needs on an existing Kubernetes cluster, it does not create the cluster.
provider "kubernetes" {
  config_path    = var.kubeconfig_path
  config_context = var.kube_context
}

provider "helm" {
  kubernetes = {
    config_path    = var.kubeconfig_path
    config_context = var.kube_context
  }
}
