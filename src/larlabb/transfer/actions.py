"""Writes of the transfer app: a lab reused as the start of the next one."""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from larlabb.accounts.models import User
from larlabb.audit.log import record
from larlabb.audit.models import Entry
from larlabb.labs.access import is_organiser
from larlabb.labs.models import Lab
from larlabb.transfer.export import Reuse, lab_document
from larlabb.transfer.importer import TransferError, import_document


def first_day(lab: Lab) -> datetime.date:
    """The day a lab starts: its first workshop's (in Stockholm), else its last day to
    register, else today."""
    first = lab.workshops.order_by("starts_at").values_list("starts_at", flat=True).first()
    if first is not None:
        return timezone.localtime(first).date()
    return lab.registration_deadline or timezone.localdate()


def check_can_copy(*, actor: User, lab: Lab) -> None:
    if not is_organiser(actor, lab):
        raise TransferError(_("Only the lab's organisers can copy it."))


@transaction.atomic
def do_copy_lab(*, actor: User, lab: Lab, title: str, slug: str, starts_on: datetime.date) -> Lab:
    """A new, unpublished lab that starts where ``lab`` left off: its texts, expected results
    and documents, its workshops with their program, its live rooms' activities (not
    started, with the options a facilitator set but no notes or votes), its synergy maps'
    goals (no scores), its survey and statements (no answers) and its assignments (no
    submissions); every date moved by the days between ``lab``'s first day and
    ``starts_on``. Nobody's data comes along: no registrations, no leaders or contact
    persons; ``actor`` is the only organiser."""
    check_can_copy(actor=actor, lab=lab)
    if starts_on < timezone.localdate():
        raise TransferError(_("The new lab cannot start in the past."))
    if Lab.objects.filter(slug=slug).exists():
        raise TransferError(_("Another lab already has this address."))
    days = (starts_on - first_day(lab)).days
    document = lab_document(lab, reuse=Reuse(days=days, organiser=actor.email))
    copy = import_document(document, slug=slug, title=title, fresh=True)
    assert copy is not None  # noqa: S101 - not a check-only import
    record(
        actor=actor,
        action=Entry.Action.LAB_COPIED,
        target=copy,
        lab=copy,
        detail={"from": lab.slug},
    )
    return copy
