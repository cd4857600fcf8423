"""Themes of a board: suggested by the clustering aid, then accepted, renamed, merged or
rejected by a facilitator."""

import hashlib
import logging
from collections import Counter
from collections.abc import Callable, Sequence

import numpy as np
from django.db import IntegrityError, transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from larlabb.accounts.models import User
from larlabb.actors.models import Side
from larlabb.live import embeddings, queries, themes
from larlabb.live.actions.rooms import (
    _check,
    _emit_note,
    _emit_state,
    check_facilitator,
    check_may_contribute,
)
from larlabb.live.events import LiveError, lock
from larlabb.live.models import (
    Activity,
    Note,
    NoteVector,
    Participant,
    Theme,
    ThemeRun,
)

logger = logging.getLogger(__name__)

# --- Vectors of notes -------------------------------------------------------------------------

# More notes than this without a vector go through the task queue (about 10 ms a note).
INLINE_VECTORS = 60
VECTOR_BATCH = 32
STALE_RUN = queries.THEME_RUN_LOST  # 300 notes take about 3 s; a run this old is lost
# A perspectives board's notes are compared at once: more without a vector wait for the themes.
SHARED_INLINE_VECTORS = 200


def note_text(note: Note) -> str:
    return " ".join(filter(None, [note.title, note.text]))


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def stored_vectors(notes: Sequence[Note]) -> dict[int, np.ndarray]:
    """The stored vectors of the notes that have one for their present text and model."""
    rows = NoteVector.objects.filter(
        note__in=[note.pk for note in notes], model=embeddings.MODEL
    ).values_list("note_id", "digest", "vector")
    wanted = {note.pk: _digest(note_text(note)) for note in notes}
    return {
        note_id: embeddings.from_bytes(bytes(vector))
        for note_id, digest, vector in rows
        if wanted.get(note_id) == digest
    }


def compute_vectors(
    notes: Sequence[Note], on_batch: Callable[[int], None] | None = None
) -> dict[int, np.ndarray]:
    """The vector of every note: stored ones, and the others computed (in batches, each
    stored in its own transaction, ``on_batch`` called with the number done so far)."""
    vectors = stored_vectors(notes)
    missing = [note for note in notes if note.pk not in vectors]
    for start in range(0, len(missing), VECTOR_BATCH):
        batch = missing[start : start + VECTOR_BATCH]
        texts = [note_text(note) for note in batch]
        computed = embeddings.embed(texts)
        # a note deleted meanwhile gets no vector (its row would break the foreign key)
        present = set(
            Note.objects.filter(pk__in=[n.pk for n in batch]).values_list("pk", flat=True)
        )
        rows = []
        for note, text, vector in zip(batch, texts, computed, strict=True):
            vectors[note.pk] = vector
            if note.pk in present:
                rows.append(
                    NoteVector(
                        note_id=note.pk,
                        model=embeddings.MODEL,
                        digest=_digest(text),
                        vector=embeddings.to_bytes(vector),
                    )
                )
        try:
            with transaction.atomic():
                NoteVector.objects.bulk_create(
                    rows,
                    update_conflicts=True,
                    unique_fields=["note"],
                    update_fields=["model", "digest", "vector"],
                )
        except IntegrityError:  # a note deleted between the check and the insert
            logger.info("Vectors of %s notes not stored: a note is gone", len(rows))
        if on_batch:
            on_batch(start + len(batch))
    return vectors


def missing_vectors(notes: Sequence[Note]) -> int:
    return len(notes) - len(stored_vectors(notes))


# --- Themes (facilitators) ------------------------------------------------------------------


def _clusterable(activity: Activity) -> list[Note]:
    """The visible notes of the board that a suggestion groups: those in no theme or in a
    suggested one (earlier suggestions are replaced), not merged into another, not cases."""
    return list(
        activity.notes.filter(hidden=False, merged_into=None, case=None)
        .filter(Q(theme=None) | Q(theme__status=Theme.Status.SUGGESTED))
        .order_by("position", "pk")
    )


def do_suggest_themes(
    *, actor: User, activity: Activity, k: int | None = None
) -> list[Theme] | ThemeRun:
    """Group the visible notes without a theme into suggested themes, each with a short label,
    in place of the earlier suggestions (accepted themes stay). The facilitator then accepts,
    renames, merges or rejects them.

    When more than :data:`INLINE_VECTORS` notes have no vector yet, the work goes to the task
    queue instead and the run is returned: its progress shows on the control page and the
    themes appear when it is done. One run at a time per activity."""
    check_facilitator(actor, activity.room.workshop)
    _check(k is None or 1 <= k <= themes.MAX_AUTO_K, _("Choose between 1 and 12 themes."))
    notes = _clusterable(activity)
    _check(len(notes) >= 2, _("Themes need at least two notes without a theme."))
    # a run the worker never finished (it stopped) no longer holds the activity's place
    ThemeRun.objects.filter(
        activity_id=activity.pk,
        status__in=[ThemeRun.Status.QUEUED, ThemeRun.Status.RUNNING],
        created_at__lt=timezone.now() - STALE_RUN,
    ).update(status=ThemeRun.Status.FAILED, finished_at=timezone.now())
    _check(
        not activity.theme_runs.filter(
            status__in=[ThemeRun.Status.QUEUED, ThemeRun.Status.RUNNING]
        ).exists(),
        _("Themes are already being suggested for this activity."),
    )
    if missing_vectors(notes) > INLINE_VECTORS:
        return _queue_run(actor, activity, k, len(notes))
    compute_vectors(notes)
    return apply_suggestion(actor=actor, activity=activity, k=k)


def _queue_run(actor: User, activity: Activity, k: int | None, total: int) -> ThemeRun:
    from larlabb.live import tasks

    # The control page that asked polls the run's progress (its state says how far it is);
    # the room hears of the themes when they are made.
    try:
        with transaction.atomic():
            run = ThemeRun.objects.create(activity=activity, requested_by=actor, k=k, total=total)
    except IntegrityError:
        raise LiveError(_("Themes are already being suggested for this activity.")) from None
    transaction.on_commit(lambda: tasks.suggest_themes.enqueue(run.pk))
    return run


def apply_suggestion(*, actor: User, activity: Activity, k: int | None) -> list[Theme]:
    """Group the notes without an accepted theme and store the suggested themes in place of
    the earlier suggestions. Vectors, clusters and labels are worked out before the activity is
    locked, so the room goes on meanwhile; in the lock, a note grouped, hidden, merged or edited
    since stays out, and notes added since wait for the next suggestion."""
    activity = Activity.objects.select_related("room__workshop").get(pk=activity.pk)
    check_facilitator(actor, activity.room.workshop)
    notes = _clusterable(activity)
    _check(len(notes) >= 2, _("Themes need at least two notes without a theme."))
    texts, clusters, labels = _grouped(notes, k)
    with transaction.atomic():
        activity = lock(activity)
        check_facilitator(actor, activity.room.workshop)
        Theme.objects.filter(activity=activity, status=Theme.Status.SUGGESTED).delete()
        _check_room_for_a_group(activity)
        room = MAX_THEMES - activity.themes.count()  # the largest suggestions, when few fit
        now = {note.pk: note_text(note) for note in _clusterable(activity)}
        after = (activity.themes.aggregate(Max("position"))["position__max"] or 0) + 1
        sizes = Counter(clusters)
        kept = set(sorted(sizes, key=lambda number: (-sizes[number], number))[:room])
        created = []
        for number, label in enumerate(labels):
            if number not in kept:
                continue
            members = [
                note.pk
                for note, cluster, text in zip(notes, clusters, texts, strict=True)
                if cluster == number and now.get(note.pk) == text
            ]
            if not members:
                continue
            theme = Theme.objects.create(
                activity=activity,
                label=(label or _("Theme %(number)s") % {"number": number + 1})[:80],
                position=after + number,
            )
            _into(theme, members)
            created.append(theme)
        _emit_state(activity)
    return created


def _grouped(
    notes: list[Note], k: int | None, *, halves: bool = False
) -> tuple[list[str], list[int], list[str]]:
    """The notes' texts, a cluster number per note and a label per cluster (vectors computed
    where missing; no lock held). In ``halves`` (k = 2), notes that all say the same are split
    by order, so that there are always two."""
    vectors = compute_vectors(notes)
    texts = [note_text(note) for note in notes]
    firsts = themes.distinct_texts(texts)
    distinct = np.array([vectors[notes[index].pk] for index in firsts]) if firsts else None
    clusters = themes.cluster_vectors(texts, distinct, k)
    if halves and len(set(clusters)) < 2:
        clusters = [0 if i < len(notes) // 2 else 1 for i in range(len(notes))]
    labels = themes.label(texts, clusters, np.array([vectors[note.pk] for note in notes]))
    return texts, clusters, labels


def _into(theme: Theme, note_ids: Sequence[int]) -> None:
    """Put the notes, and the notes merged into them, in ``theme``."""
    Note.objects.filter(Q(pk__in=note_ids) | Q(merged_into__in=note_ids)).update(theme=theme)


def run_suggestion(run: ThemeRun) -> None:
    """Do a queued run (the task): compute the vectors, saving the progress, then suggest."""
    activity = run.activity
    notes = _clusterable(activity)
    already = len(stored_vectors(notes))
    ThemeRun.objects.filter(pk=run.pk).update(
        status=ThemeRun.Status.RUNNING, total=len(notes), done=already
    )

    def progress(done: int) -> None:
        ThemeRun.objects.filter(pk=run.pk).update(done=already + done)

    try:
        compute_vectors(notes, on_batch=progress)
        if run.requested_by is None:
            raise LiveError(_("The person who asked for the themes is gone."))
        apply_suggestion(actor=run.requested_by, activity=activity, k=run.k)
    except Exception:
        # the task's failure is logged (and sent to Sentry) by the worker
        _finish(run, ThemeRun.Status.FAILED)
        raise
    _finish(run, ThemeRun.Status.DONE)


def _finish(run: ThemeRun, status: str) -> None:
    ThemeRun.objects.filter(pk=run.pk).update(status=status, finished_at=timezone.now())


# --- Shared ground (perspectives boards) ------------------------------------------------------

# Calibrated on tests/live/data/shared_ground_sv.json with bench/themes.py (see its note).
SHARED_GROUND_THRESHOLD = 0.90


def shared_ground_proposals(*, actor: User, activity: Activity) -> list[dict[str, object]]:
    """Pairs of a region's note and an agency's note of a perspectives board that say nearly
    the same thing (cosine similarity of their vectors at least
    :data:`SHARED_GROUND_THRESHOLD`), most similar first, each note in one pair at most; notes
    already merged with the other side are left out. For the facilitator to merge (which puts
    them where the perspectives meet)."""
    activity = Activity.objects.select_related("room__workshop").get(pk=activity.pk)
    check_facilitator(actor, activity.room.workshop)
    _check(
        activity.kind == Activity.Kind.PERSPECTIVES,
        _("Shared ground is proposed on a perspectives board."),
    )
    visible = list(activity.notes.filter(hidden=False, case=None).order_by("position", "pk"))
    met = set(queries.meeting_of(visible)["notes"])
    notes = [
        n
        for n in visible
        if n.merged_into_id is None and n.pk not in met and n.side in (Side.REGION, Side.AGENCY)
    ]
    _check(
        missing_vectors(notes) <= SHARED_INLINE_VECTORS,
        _(
            "Too many notes are new to compare at once. Suggest themes first: that reads the "
            "notes in the background."
        ),
    )
    vectors = compute_vectors(notes)
    regions = [n for n in notes if n.side == Side.REGION]
    agencies = [n for n in notes if n.side == Side.AGENCY]
    left = np.array([vectors[n.pk] for n in regions]).reshape(len(regions), -1)
    right = np.array([vectors[n.pk] for n in agencies]).reshape(len(agencies), -1)
    return [
        {"region": regions[i].pk, "agency": agencies[j].pk, "similarity": similarity}
        for i, j, similarity in themes.similar_pairs(left, right, SHARED_GROUND_THRESHOLD)
    ]


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


# --- The canvas: notes grouped by hand --------------------------------------------------------

MAX_THEMES = 40


# The kinds whose notes are grouped on the canvas.
CANVAS_KINDS = {Activity.Kind.BOARD, Activity.Kind.PERSPECTIVES}


def _check_room_for_a_group(activity: Activity, new: int = 1) -> None:
    """A board holds at most :data:`MAX_THEMES` groups (``new`` more must fit)."""
    _check(
        activity.themes.count() + new <= MAX_THEMES,
        ngettext(
            "A board has at most %(count)s group.",
            "A board has at most %(count)s groups.",
            MAX_THEMES,
        )
        % {"count": MAX_THEMES},
    )


def _groupable(note: Note, activity: Activity) -> None:
    _check(note.activity_id == activity.pk, _("That note belongs to another activity."))
    _check(
        activity.kind in CANVAS_KINDS and note.case_id is None,
        _("Only the notes of a board are grouped."),
    )


def do_group_note(
    *,
    note: Note,
    theme: Theme | None,
    actor: User | None = None,
    participant: Participant | None = None,
) -> None:
    """Move ``note`` into the group ``theme`` (None: out of every group), with the notes merged
    into it. A facilitator (``actor``) moves any note of the board into any group; a participant
    only while the facilitator lets participants group the notes and the board is open and
    unlocked, only visible notes, and only into accepted groups."""
    with transaction.atomic():
        activity = lock(note.activity_id)
        found = Note.objects.select_for_update().filter(pk=note.pk).first()
        if found is None:
            raise LiveError(_("That note is gone."))
        note = found
        _groupable(note, activity)
        if theme is not None:  # as it is now (rejected, merged or replaced meanwhile?)
            theme = Theme.objects.filter(pk=theme.pk, activity=activity).first()
            if theme is None:
                raise LiveError(_("That group is gone."))
        if actor is not None:
            check_facilitator(actor, activity.room.workshop)
        elif participant is None:
            raise LiveError(_("Join the room first."))
        else:
            check_may_contribute(participant, activity)
            _check(
                activity.participants_group,
                _("The facilitator groups the notes of this board."),
            )
            _check(not activity.locked, _("The board is locked."))
            _check(not note.hidden, _("That note is gone."))
            _check(
                theme is None or theme.status == Theme.Status.ACCEPTED,
                _("That group is gone."),
            )
            _check(
                note.theme_id is None
                or Theme.objects.filter(pk=note.theme_id, status=Theme.Status.ACCEPTED).exists(),
                _("The facilitator is still working on that note's group."),
            )
        _check(theme is None or theme.activity_id == activity.pk, _("That group is gone."))
        target = note.merged_into or note
        moved = [target, *target.merged.all()]
        for each in moved:
            if each.theme_id != (theme.pk if theme else None):
                each.theme = theme
                each.save(update_fields=["theme", "updated_at"])
                _emit_note(activity, each)


def do_create_theme(
    *, actor: User, activity: Activity, label: str, notes: Sequence[Note] = ()
) -> Theme:
    """A new group made by hand (accepted: the room sees it), with ``notes`` moved into it."""
    label = " ".join(label.split())
    _check(0 < len(label) <= 80, _("A theme's label needs 1–80 characters."))
    with transaction.atomic():
        activity = lock(activity)
        check_facilitator(actor, activity.room.workshop)
        _check(activity.kind in CANVAS_KINDS, _("Only the notes of a board are grouped."))
        _check_room_for_a_group(activity)
        position = (activity.themes.aggregate(Max("position"))["position__max"] or 0) + 1
        theme = Theme.objects.create(
            activity=activity, label=label, status=Theme.Status.ACCEPTED, position=position
        )
        for note in notes:
            _groupable(note, activity)
        _into(theme, [n.pk for n in notes])
        _emit_state(activity)
    return theme


def do_split_theme(*, actor: User, theme: Theme) -> Theme:
    """Split a group in two by what its visible notes mean (the theme suggestions' clustering
    with k = 2): the notes of the second half go to a new group named by its words, with the
    status of the first; hidden notes stay in the first. The work is done before the activity
    is locked; a group that changed meanwhile is not split."""
    activity = Activity.objects.select_related("room__workshop").get(pk=theme.activity_id)
    check_facilitator(actor, activity.room.workshop)

    def visible(group: Theme) -> list[Note]:
        return list(group.notes.filter(merged_into=None, hidden=False).order_by("position", "pk"))

    members = visible(theme)
    _check(len(members) >= 2, _("A group needs at least two notes to be split."))
    texts, halves, labels = _grouped(members, 2, halves=True)
    with transaction.atomic():
        activity = lock(activity)
        current = Theme.objects.filter(pk=theme.pk, activity=activity).first()
        if current is None:
            raise LiveError(_("That theme is gone."))
        _check_room_for_a_group(activity)
        now = {note.pk: note_text(note) for note in visible(current)}
        _check(
            now == {note.pk: text for note, text in zip(members, texts, strict=True)},
            _("The group changed meanwhile. Try again."),
        )
        label = (labels[1] if len(labels) > 1 else "") or _("%(label)s (part 2)") % {
            "label": current.label
        }
        position = (activity.themes.aggregate(Max("position"))["position__max"] or 0) + 1
        new = Theme.objects.create(
            activity=activity, label=label[:80], status=current.status, position=position
        )
        _into(new, [note.pk for note, half in zip(members, halves, strict=True) if half == 1])
        _emit_state(activity)
    return new
