"""The audit log as a table to download."""

import json
from collections.abc import Iterable

from django.utils import timezone
from django.utils.translation import gettext as _

from larlabb.audit.models import Entry


def entry_rows(entries: Iterable[Entry]) -> list[list[str]]:
    """A heading row, then one row per entry: when (local time), who, what, the object and its
    kind and id, the lab, and the detail as JSON."""
    heading = [_("When"), _("Who"), _("What"), _("Kind of object"), _("Object id")]
    rows = [[*heading, _("Object"), _("Lab"), _("Detail")]]
    for entry in entries:
        rows.append(
            [
                timezone.localtime(entry.at).strftime("%Y-%m-%d %H:%M:%S"),
                entry.actor_label,
                str(entry.get_action_display()),
                entry.object_type,
                entry.object_id,
                entry.object_label,
                entry.lab.title if entry.lab else "",
                json.dumps(entry.detail, ensure_ascii=False, sort_keys=True),
            ]
        )
    return rows
