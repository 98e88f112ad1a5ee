# tflint (the GitHub workflow deploy.yml runs it; not available offline here): the Terraform ruleset, recommended
# preset plus naming and documentation rules.
plugin "terraform" {
  enabled = true
  preset  = "recommended"
}

rule "terraform_naming_convention" {
  enabled = true
}

rule "terraform_documented_variables" {
  enabled = true
}

rule "terraform_documented_outputs" {
  enabled = true
}

rule "terraform_standard_module_structure" {
  enabled = false
}
