"""Themes of a board: suggested by the clustering aid, then accepted, renamed, merged or
rejected by a facilitator."""

from django.db import transaction
from django.utils.translation import gettext as _

from larlabb.accounts.models import User
from larlabb.live import themes
from larlabb.live.actions.rooms import (
    _check,
    _emit_state,
    check_facilitator,
)
from larlabb.live.events import lock
from larlabb.live.models import (
    Activity,
    Note,
    Theme,
)

# --- Themes (facilitators) ------------------------------------------------------------------


def do_suggest_themes(*, actor: User, activity: Activity, k: int | None = None) -> list[Theme]:
    """Group the visible notes into suggested themes, each with a short label, in place of the
    earlier suggestions (accepted themes stay). The facilitator then accepts, renames, merges
    or rejects them."""
    with transaction.atomic():
        activity = lock(activity)
        check_facilitator(actor, activity.room.workshop)
        Theme.objects.filter(activity=activity, status=Theme.Status.SUGGESTED).delete()
        notes = list(
            activity.notes.filter(hidden=False, merged_into=None, case=None, theme=None).order_by(
                "position", "pk"
            )
        )
        _check(len(notes) >= 2, _("Themes need at least two notes without a theme."))
        texts = [" ".join(filter(None, [n.title, n.text])) for n in notes]
        clusters = themes.cluster(texts, k)
        labels = themes.label(texts, clusters)
        created = []
        for number, label in enumerate(labels):
            members = [n for n, c in zip(notes, clusters, strict=True) if c == number]
            if not members:
                continue
            theme = Theme.objects.create(activity=activity, label=label[:80], position=number)
            Note.objects.filter(pk__in=[n.pk for n in members]).update(theme=theme)
            created.append(theme)
        _emit_state(activity)
    return created


def _theme_change(actor: User, theme: Theme) -> Activity:
    activity = lock(theme.activity_id)
    check_facilitator(actor, activity.room.workshop)
    return activity


def do_accept_theme(*, actor: User, theme: Theme, label: str = "") -> None:
    """Accept a theme (with a new label, if given); the room sees it from now on."""
    label = " ".join(label.split())
    _check(len(label) <= 80, _("A theme's label may be at most 80 characters."))
    with transaction.atomic():
        activity = _theme_change(actor, theme)
        theme.status = Theme.Status.ACCEPTED
        theme.label = label or theme.label
        theme.save(update_fields=["status", "label"])
        _emit_state(activity)


def do_rename_theme(*, actor: User, theme: Theme, label: str) -> None:
    label = " ".join(label.split())
    _check(0 < len(label) <= 80, _("A theme's label needs 1–80 characters."))
    with transaction.atomic():
        activity = _theme_change(actor, theme)
        theme.label = label
        theme.save(update_fields=["label"])
        _emit_state(activity)


def do_merge_themes(*, actor: User, theme: Theme, into: Theme) -> None:
    _check(
        theme.activity_id == into.activity_id and theme.pk != into.pk,
        _("Choose another theme of this activity."),
    )
    with transaction.atomic():
        activity = _theme_change(actor, theme)
        theme.notes.update(theme=into)
        theme.delete()
        _emit_state(activity)


def do_reject_theme(*, actor: User, theme: Theme) -> None:
    """Reject a theme: its notes have no theme again."""
    with transaction.atomic():
        activity = _theme_change(actor, theme)
        theme.notes.update(theme=None)
        theme.delete()
        _emit_state(activity)
