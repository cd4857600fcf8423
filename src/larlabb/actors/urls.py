from django.urls import path, re_path

from larlabb.actors import views

app_name = "actors"

urlpatterns = [
    path("organisationer/", views.organisation_list, name="organisation-list"),
    path(
        "organisationer/<int:pk>/e-postdomaner/",
        views.organisation_domains,
        name="organisation-domains",
    ),
    path("organisationer/import/", views.organisation_import, name="organisation-import"),
    re_path(
        r"^organisationer/export\.(?P<fmt>csv|xlsx)$",
        views.organisation_export,
        name="organisation-export",
    ),
]
