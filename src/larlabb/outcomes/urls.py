from django.urls import path, re_path

from larlabb.outcomes import views

app_name = "outcomes"

urlpatterns = [
    path("labb/<slug:slug>/larande/", views.learning, name="learning"),
    path("labb/<slug:slug>/uppgifter/ny/", views.assignment_create, name="assignment-create"),
    path("uppgifter/<int:pk>/", views.assignment, name="assignment"),
    path("uppgifter/<int:pk>/redigera/", views.assignment_edit, name="assignment-edit"),
    path("inlamningar/<int:pk>/fil/", views.submission_file, name="submission-file"),
    path(
        "labb/<slug:slug>/workshop/<int:number>/reflektion/",
        views.reflection,
        name="reflection",
    ),
    path("labb/<slug:slug>/enkat/installningar/", views.survey_setup, name="survey-setup"),
    re_path(r"^labb/(?P<slug>[-\w]+)/enkat/(?P<phase>before|after)/$", views.survey, name="survey"),
    path("labb/<slug:slug>/samarbeten/", views.collaborations, name="collaborations"),
    path("samarbeten/<int:pk>/", views.collaboration, name="collaboration"),
    path("labb/<slug:slug>/nadde-vi-malen/", views.goals, name="dashboard"),
    re_path(
        r"^labb/(?P<slug>[-\w]+)/nadde-vi-malen/natverk\.(?P<fmt>svg|png)$",
        views.network_chart,
        name="network-chart",
    ),
    re_path(
        r"^labb/(?P<slug>[-\w]+)/nadde-vi-malen/enkat\.(?P<fmt>svg|png)$",
        views.survey_chart,
        name="survey-chart",
    ),
    path("labb/<slug:slug>/workshop/<int:number>/dokumentation/", views.report, name="report"),
    path(
        "labb/<slug:slug>/workshop/<int:number>/dokumentation/bygg/",
        views.report_build,
        name="report-build",
    ),
    path("dokumentation/<int:pk>.pdf", views.report_pdf, name="report-pdf"),
    path("labb/<slug:slug>/workshop/<int:number>/med-hem/", views.brief_page, name="brief"),
    path("labb/<slug:slug>/workshop/<int:number>/med-hem.pdf", views.brief_pdf, name="brief-pdf"),
    path(
        "labb/<slug:slug>/workshop/<int:number>/med-hem/organisation/",
        views.brief_organisation,
        name="brief-organisation",
    ),
    path(
        "labb/<slug:slug>/workshop/<int:number>/med-hem/organisation.pdf",
        views.brief_organisation_pdf,
        name="brief-organisation-pdf",
    ),
]
