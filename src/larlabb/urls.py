from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from larlabb import views
from larlabb.accounts import limits
from larlabb.accounts import views as account_views

urlpatterns = [
    path("", include("larlabb.labs.urls")),
    path("", include("larlabb.registrations.urls")),
    path("", include("larlabb.synergies.urls")),
    path("", include("larlabb.missions.urls")),
    path("", include("larlabb.live.urls")),
    path("", include("larlabb.outcomes.urls")),
    path("", include("larlabb.privacy.urls")),
    path("", include("larlabb.transfer.urls")),
    path("konto/", include("larlabb.accounts.urls")),
    path("konto/start/", views.landing, name="landing"),
    # The door: a code by email for everyone (a new address gets an account), no sign-up page.
    path("konto/login/code/", account_views.code_door, name="account_request_login_code"),
    path("konto/signup/", account_views.signup, name="account_signup"),
    path("konto/", include("allauth.urls")),
    path("aktorer/", include("larlabb.actors.urls")),
    path("granskning/", include("larlabb.audit.urls")),
    path("sprak/", account_views.set_language, name="set-language"),
    # The admin's login with limits on failed logins, before the admin's own.
    path("admin/login/", limits.admin_login),
    path("admin/", admin.site.urls),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
