from django.urls import path

from larlabb.labs import views

app_name = "labs"

urlpatterns = [
    path("", views.home, name="home"),
    path("labb/nytt/", views.lab_create, name="lab-create"),
    path("labb/<slug:slug>/", views.lab_detail, name="lab-detail"),
    path("labb/<slug:slug>/inbjudan.pdf", views.invitation_pdf, name="lab-invitation-pdf"),
    path("labb/<slug:slug>/program.pdf", views.program_pdf, name="lab-program-pdf"),
    path("labb/<slug:slug>/kalender.ics", views.lab_calendar, name="lab-calendar"),
    path("labb/<slug:slug>/hantera/", views.lab_manage, name="lab-manage"),
    path("labb/<slug:slug>/redigera/", views.lab_edit, name="lab-edit"),
    path("labb/<slug:slug>/workshop/ny/", views.workshop_create, name="workshop-create"),
    path("labb/<slug:slug>/workshop/<int:number>/", views.workshop_detail, name="workshop-detail"),
    path(
        "labb/<slug:slug>/workshop/<int:number>/program.pdf",
        views.program_pdf,
        name="workshop-program-pdf",
    ),
    path(
        "labb/<slug:slug>/workshop/<int:number>/kalender.ics",
        views.workshop_ics,
        name="workshop-calendar",
    ),
    path(
        "labb/<slug:slug>/workshop/<int:number>/redigera/",
        views.workshop_edit,
        name="workshop-edit",
    ),
    path(
        "labb/<slug:slug>/workshop/<int:number>/flytta/",
        views.workshop_move,
        name="workshop-move",
    ),
    path(
        "labb/<slug:slug>/workshop/<int:number>/stall-in/",
        views.workshop_cancel,
        name="workshop-cancel",
    ),
]
