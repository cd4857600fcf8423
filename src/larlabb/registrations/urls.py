from django.urls import path, re_path

from larlabb.registrations import views

app_name = "registrations"

urlpatterns = [
    path("labb/<slug:slug>/anmalan/", views.register, name="register"),
    path("labb/<slug:slug>/anmalan/kollega/", views.register_colleague, name="register-colleague"),
    path("anmalan/bekrafta/<str:token>/", views.confirm_colleague, name="confirm-colleague"),
    path("anmalan/<int:pk>/avanmal/", views.cancel, name="cancel"),
    path(
        "anmalan/<int:pk>/organisation/",
        views.decide_organisation,
        name="decide-organisation",
    ),
    path("labb/<slug:slug>/deltagare/", views.participant_list, name="participants"),
    path("labb/<slug:slug>/anmalningar/", views.overview, name="overview"),
    re_path(
        r"^labb/(?P<slug>[-\w]+)/anmalningar\.(?P<fmt>csv|xlsx)$",
        views.overview_export,
        name="overview-export",
    ),
    path("labb/<slug:slug>/anmalningar/ny/", views.add_by_hand, name="add-by-hand"),
    path("labb/<slug:slug>/anmalningar/undantag/", views.grant_exception, name="grant-exception"),
    path("labb/<slug:slug>/workshop/<int:number>/deltagarlista/", views.day_list, name="day-list"),
    path(
        "labb/<slug:slug>/workshop/<int:number>/deltagarlista.pdf",
        views.day_list_pdf,
        name="day-list-pdf",
    ),
    path("labb/<slug:slug>/workshop/<int:number>/incheckning/", views.check_in, name="check-in"),
    path(
        "labb/<slug:slug>/workshop/<int:number>/checka-in/",
        views.self_check_in,
        name="self-check-in",
    ),
]
