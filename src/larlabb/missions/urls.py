from django.urls import path, re_path

from larlabb.missions import views

app_name = "missions"

urlpatterns = [
    path("utmaningsdrivet/begrepp/", views.concepts, name="concepts"),
    path("labb/<slug:slug>/utmaningar/", views.challenge_list, name="challenges"),
    path("labb/<slug:slug>/utmaningar/ny/", views.challenge_create, name="challenge-create"),
    path("labb/<slug:slug>/portfolj/", views.portfolio, name="portfolio"),
    path("labb/<slug:slug>/forutsattningar/", views.lab_prerequisites, name="lab-prerequisites"),
    re_path(
        r"^labb/(?P<slug>[-\w]+)/forutsattningar/radar\.(?P<fmt>svg|png)$",
        views.lab_radar,
        name="lab-radar",
    ),
    path("labb/<slug:slug>/dialoger/", views.dialogues, name="dialogues"),
    path("labb/<slug:slug>/handlingsplan/", views.action_plan, name="actions"),
    path("labb/<slug:slug>/pm/", views.memo_view, name="memo"),
    path("labb/<slug:slug>/pm.pdf", views.memo_view, {"pdf": True}, name="memo-pdf"),
    path("utmaningar/<int:pk>/", views.challenge_detail, name="challenge"),
    path("utmaningar/<int:pk>/redigera/", views.challenge_edit, name="challenge-edit"),
    path("utmaningar/<int:pk>/rosta/", views.challenge_vote, name="challenge-vote"),
    path("utmaningar/<int:pk>/bedom/", views.challenge_assess, name="challenge-assess"),
    path("utmaningar/<int:pk>/publicera/", views.challenge_publish, name="challenge-publish"),
    path(
        "utmaningar/<int:pk>/kommentar/",
        views.comment,
        {"kind": "challenge"},
        name="challenge-comment",
    ),
    path("utmaningar/<int:pk>/uppdrag/ny/", views.mission_create, name="mission-create"),
    path("uppdrag/<int:pk>/", views.mission_detail, name="mission"),
    path("uppdrag/<int:pk>/redigera/", views.mission_edit, name="mission-edit"),
    path("uppdrag/<int:pk>/kommentar/", views.comment, {"kind": "mission"}, name="mission-comment"),
    path("uppdrag/<int:pk>/indikatorer/ny/", views.indicator_create, name="indicator-create"),
    path("uppdrag/<int:pk>/arbete/ny/", views.initiative_create, name="initiative-create"),
    path(
        "uppdrag/<int:pk>/forutsattningar/",
        views.mission_prerequisites,
        name="mission-prerequisites",
    ),
    re_path(
        r"^uppdrag/(?P<pk>\d+)/forutsattningar/radar\.(?P<fmt>svg|png)$",
        views.mission_radar,
        name="mission-radar",
    ),
    path("indikatorer/<int:pk>/varden/", views.measurement_add, name="measurement-add"),
    re_path(
        r"^indikatorer/(?P<pk>\d+)/diagram\.(?P<fmt>svg|png)$",
        views.indicator_chart,
        name="indicator-chart",
    ),
    path("arbete/<int:pk>/", views.initiative_detail, name="initiative"),
    path("arbete/<int:pk>/redigera/", views.initiative_edit, name="initiative-edit"),
    path("arbete/<int:pk>/status/", views.initiative_status, name="initiative-status"),
    path("arbete/<int:pk>/larande/", views.learning_add, name="learning-add"),
    path("handlingsplan/<int:pk>/redigera/", views.action_edit, name="action-edit"),
    path("handlingsplan/<int:pk>/status/", views.action_status, name="action-status"),
]
