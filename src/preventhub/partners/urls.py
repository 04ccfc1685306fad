from django.urls import URLPattern, path

from preventhub.partners import agreement_views, engagement_views, exports, views

app_name = "partners"
urlpatterns: list[URLPattern] = [
    path("", views.overview, name="overview"),
    path("directory/", views.partner_list, name="list"),
    path("directory/new/", views.partner_new, name="new"),
    path("directory/<uuid:pk>/", views.partner_detail, name="detail"),
    path("directory/<uuid:pk>/edit/", views.partner_edit, name="edit"),
    path("directory/<uuid:pk>/contacts/add/", views.contact_new, name="contact_add"),
    path(
        "directory/<uuid:pk>/contacts/<uuid:contact_pk>/remove/",
        views.contact_delete,
        name="contact_remove",
    ),
    path("directory/<uuid:pk>/assurance/add/", views.assurance_new, name="assurance_add"),
    path("assurance/", views.assurance_list, name="assurance"),
    path("engagements/", engagement_views.engagement_list, name="engagements"),
    path("engagements/new/", engagement_views.engagement_new, name="engagement_new"),
    path("engagements/<uuid:pk>/", engagement_views.engagement_detail, name="engagement_detail"),
    path("engagements/<uuid:pk>/edit/", engagement_views.engagement_edit, name="engagement_edit"),
    path("agreements/", agreement_views.agreement_list, name="agreements"),
    path("agreements/new/", agreement_views.agreement_new, name="agreement_new"),
    path("agreements/<uuid:pk>/", agreement_views.agreement_detail, name="agreement_detail"),
    path("agreements/<uuid:pk>/edit/", agreement_views.agreement_edit, name="agreement_edit"),
    path(
        "agreements/<uuid:pk>/document/",
        agreement_views.agreement_document,
        name="agreement_document",
    ),
    path("export/<slug:register>.<slug:fmt>", exports.export, name="export"),
]
