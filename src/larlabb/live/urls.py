from django.urls import path, re_path

from larlabb.live import views

app_name = "live"

urlpatterns = [
    path("live/", views.join, name="join"),
    path("live/<str:code>/", views.room, name="room"),
    path("live/<str:code>/qr.svg", views.qr_code, name="qr"),
    path("live/<str:code>/personer/", views.people, name="people"),
    path("live/<str:code>/<int:pk>/", views.activity, name="activity"),
    path("live/<str:code>/<int:pk>/styr/", views.control, name="control"),
    path("live/<str:code>/<int:pk>/projektor/", views.projector, name="projector"),
    path("live/<str:code>/skarm/<str:key>/", views.presenter_link, name="presenter-link"),
    path(
        "live/<str:code>/<int:pk>/skarmlank/",
        views.presenter_link_manage,
        name="presenter-link-manage",
    ),
    path("live/<str:code>/<int:pk>/state/", views.state, name="state"),
    path("live/<str:code>/<int:pk>/karta/", views.opinion_results, name="opinion-map"),
    path("live/<str:code>/<int:pk>/op/", views.operation, name="operation"),
    re_path(
        r"^live/(?P<code>\w+)/(?P<pk>\d+)/export\.(?P<fmt>csv|xlsx)$",
        views.export,
        name="export",
    ),
    re_path(r"^live/(?P<code>\w+)/(?P<pk>\d+)/bild\.(?P<fmt>svg|png)$", views.image, name="image"),
    path(
        "labb/<slug:slug>/workshop/<int:number>/live/",
        views.workshop_live,
        name="workshop-live",
    ),
]
