"""Every page of the admin opens for Lärlabb's staff, on the demo's data: the list, the form to
add (where adding is not left to an action) and the form of an existing object."""

import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse

pytestmark = pytest.mark.django_db

REGISTERED = sorted(admin.site._registry.items(), key=lambda item: item[0]._meta.label)


@pytest.mark.parametrize(
    ("model", "model_admin"), REGISTERED, ids=[m._meta.label for m, _ in REGISTERED]
)
def test_every_admin_page_opens(client, demo, stina_staff, model, model_admin):
    client.force_login(stina_staff)
    request = RequestFactory().get("/")
    request.user = stina_staff
    info = (model._meta.app_label, model._meta.model_name)

    changelist = client.get(reverse("admin:{}_{}_changelist".format(*info)))
    add = client.get(reverse("admin:{}_{}_add".format(*info)))
    first = model._default_manager.order_by("pk").first()

    assert changelist.status_code == 200
    assert add.status_code == (200 if model_admin.has_add_permission(request) else 403)
    if first is not None:
        change = client.get(reverse("admin:{}_{}_change".format(*info), args=[first.pk]))
        assert change.status_code == 200
