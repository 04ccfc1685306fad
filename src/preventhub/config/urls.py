from django.urls import include, path

urlpatterns = [
    path("accounts/", include("allauth.urls")),
    path("api/v1/", include("preventhub.api.urls")),
    path("", include("preventhub.accounts.urls")),
    path("", include("preventhub.audit.urls")),
    path("people/", include("preventhub.people.urls")),
    path("concerns/", include("preventhub.concerns.urls")),
    path("notifications/", include("preventhub.notifications.urls")),
    path("referrals/", include("preventhub.referrals.urls")),
    path("transfers/", include("preventhub.transfers.urls")),
    path("speakers/", include("preventhub.speakers.urls")),
    path("risk/", include("preventhub.risk.urls")),
    path("partners/", include("preventhub.partners.urls")),
    path("policies/", include("preventhub.policies.urls")),
    path("premises/", include("preventhub.premises.urls")),
    path("training/", include("preventhub.training.urls")),
    path("curriculum/", include("preventhub.curriculum.urls")),
    path("online-safety/", include("preventhub.online_safety.urls")),
    path("filtering/", include("preventhub.filtering.urls")),
    path("compliance/", include("preventhub.compliance.urls")),
    path("", include("preventhub.core.urls")),
]

handler400 = "preventhub.core.views.error_400"
handler403 = "preventhub.core.views.error_403"
handler404 = "preventhub.core.views.error_404"
handler500 = "preventhub.core.views.error_500"
