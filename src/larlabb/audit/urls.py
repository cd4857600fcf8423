from django.urls import path

from larlabb.audit import views

app_name = "audit"

urlpatterns = [
    path("", views.log, name="log"),
    path("granskningslogg.<str:fmt>", views.log_export, name="log-export"),
]
