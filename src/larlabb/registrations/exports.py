"""Registrations as rows for CSV and XLSX (pure: takes loaded registrations)."""

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from larlabb.registrations.models import Registration


def _when(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


def registration_rows(
    registrations: list[Registration], *, dietary_needs: bool = False
) -> list[list[str]]:
    """A header and a row per registration. Dietary needs (which may tell of a person's
    health) are written beside the email addresses only when the organiser asks for them."""
    header = [
        _("Name"),
        _("Email"),
        _("Organisation"),
        _("Kind"),
        _("Role or title"),
        _("Status"),
        _("Knowledge"),
        _("Dietary needs"),
        _("Workshops"),
        _("Registered"),
        pgettext("registration", "Cancelled"),
        _("Cancelled by"),
    ]
    diet = header.index(_("Dietary needs"))
    rows = [header]
    for r in registrations:
        chosen = ", ".join(str(w.number) for w in r.workshops.all()) or _("all")
        rows.append(
            [
                r.person.name,
                r.person.email,
                r.organisation.name,
                r.organisation.get_kind_display(),
                r.title,
                r.get_status_display(),
                r.get_knowledge_display() if r.knowledge else "",
                r.dietary_needs,
                chosen,
                _when(r.created_at),
                _when(r.cancelled_at),
                str(r.cancelled_by) if r.cancelled_by else "",
            ]
        )
    if not dietary_needs:
        rows = [row[:diet] + row[diet + 1 :] for row in rows]
    return rows
