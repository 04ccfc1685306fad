from django.apps import AppConfig


class PartnersConfig(AppConfig):
    name = "preventhub.partners"
    label = "partners"
    verbose_name = "Partnerships and information sharing"

    def ready(self) -> None:
        from preventhub.core.findings import register_findings
        from preventhub.core.navigation import NavItem, register_nav
        from preventhub.partners import permissions  # noqa: F401  (registers rules)
        from preventhub.partners.findings import partnership_findings

        register_findings("partners", partnership_findings)
        register_nav(
            NavItem(
                label="Partnerships",
                url_name="partners:overview",
                perm="partners.view",
                description="Partners, engagement log, information-sharing agreements, "
                "subcontractor assurance",
                order=45,
            )
        )
