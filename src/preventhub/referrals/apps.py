from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    name = "preventhub.referrals"
    label = "referrals"
    verbose_name = "Prevent referrals and Channel"

    def ready(self) -> None:
        from preventhub.concerns.panels import CasePanel, register_case_panel
        from preventhub.referrals import permissions  # noqa: F401  (registers rules)
        from preventhub.referrals import transfer_section as section
        from preventhub.referrals.panels import case_panel_context
        from preventhub.transfers.sections import Section, register_section

        register_case_panel(
            CasePanel(
                name="prevent_referral",
                template="referrals/panels/case_panel.html",
                perm="referrals.view_referral",
                order=20,
                context=case_panel_context,
            )
        )
        register_section(
            Section(
                name="referrals",
                label=section.LABEL,
                export=section.export_referrals,
                import_=section.import_referrals,
                validate=section.validate_referrals,
                describe=section.describe_referrals,
            )
        )
