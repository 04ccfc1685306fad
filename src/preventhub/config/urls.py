from django.urls import include, path

urlpatterns = [
    path("accounts/", include("allauth.urls")),
    path("api/v1/", include("preventhub.api.urls")),
    path("", include("preventhub.accounts.urls")),
    path("", include("preventhub.audit.urls")),
    path("people/", include("preventhub.people.urls")),
    path("", include("preventhub.core.urls")),
]

handler400 = "preventhub.core.views.error_400"
handler403 = "preventhub.core.views.error_403"
handler404 = "preventhub.core.views.error_404"
handler500 = "preventhub.core.views.error_500"
