from django.urls import path, re_path

from larlabb.synergies import views

app_name = "synergies"

urlpatterns = [
    path("synergier/mal/", views.catalogue_list, name="catalogues"),
    path("synergier/mal/<slug:key>/", views.catalogue_detail, name="catalogue"),
    path("labb/<slug:slug>/synergier/", views.lab_sessions, name="lab-sessions"),
    path("labb/<slug:slug>/synergier/ny/", views.session_create, name="session-create"),
    path("synergier/<int:pk>/", views.session_detail, name="session"),
    path("synergier/<int:pk>/grupp/", views.session_group, name="session-group"),
    path("synergier/<int:pk>/status/", views.session_status, name="session-status"),
    path("synergier/<int:pk>/grupper/", views.session_groups, name="session-groups"),
    path("synergier/<int:pk>/synlighet/", views.session_visibility, name="session-visibility"),
    path("synergier/<int:pk>/bedom/", views.score, name="score"),
    path("synergier/<int:pk>/resultat/", views.results, name="results"),
    path("synergier/<int:pk>/individuellt/", views.individual, name="individual"),
    path("synergier/<int:pk>/dokumentation/", views.documentation, name="documentation"),
    path(
        "synergier/<int:pk>/dokumentation.pdf",
        views.documentation,
        {"pdf": True},
        name="documentation-pdf",
    ),
    re_path(
        r"^synergier/(?P<pk>\d+)/export/(?P<kind>konsensus|poang)\.(?P<fmt>csv|xlsx)$",
        views.export,
        name="export",
    ),
    re_path(
        r"^synergier/(?P<pk>\d+)/diagram/(?P<name>heatmap|natverk|ut|in|netto)\.(?P<fmt>svg|png)$",
        views.chart,
        name="chart",
    ),
]
