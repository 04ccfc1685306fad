from django.apps import AppConfig


class ComplianceConfig(AppConfig):
    name = "preventhub.compliance"
    label = "compliance"
    verbose_name = "Compliance and inspection readiness"
