from django.urls import path

from larlabb.privacy import views

app_name = "privacy"

urlpatterns = [
    path("personuppgifter/", views.notice, name="notice"),
    path("personuppgifter/ansvarig/", views.controller, name="controller"),
    path("tillganglighet/", views.accessibility, name="accessibility"),
    path("konto/mina-uppgifter/", views.own_data, name="own-data"),
    path("konto/mina-uppgifter.json", views.own_data_json, name="own-data-json"),
    path("konto/mina-uppgifter.zip", views.own_data_zip, name="own-data-zip"),
    path("konto/radera/", views.delete_account, name="delete-account"),
    path("konto/raderat/", views.deleted, name="deleted"),
    path("labb/<slug:slug>/personuppgifter/radera/", views.delete_person, name="delete-person"),
]
