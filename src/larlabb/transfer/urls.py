from django.urls import path

from larlabb.transfer import views

app_name = "transfer"

urlpatterns = [
    path("labb/<slug:slug>/kopiera/", views.lab_copy, name="lab-copy"),
]
