from django.urls import path

from larlabb.accounts import views

app_name = "accounts"

urlpatterns = [
    path("valkommen/", views.welcome, name="welcome"),
    path("profil/", views.profile, name="profile"),
    path("personer/", views.person_list, name="person-list"),
    path("personer/ny/", views.person_edit, name="person-create"),
    path("personer/<int:pk>/", views.person_edit, name="person-edit"),
    path("paminnelser/av/<str:token>/", views.reminders_off, name="reminders-off"),
]
