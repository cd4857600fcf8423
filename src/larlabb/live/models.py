"""The live workshop room: activities on the program items of a workshop, the people in the
room, their notes and votes, breakout groups, themes, and the numbered events that carry every
change to the screens in the room."""

import datetime
import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from larlabb.actors.models import Organisation, Side
from larlabb.labs.models import CHECKIN_ALPHABET, ProgramItem, Workshop

NOTE_MAX_LENGTH = 280
TITLE_MAX_LENGTH = 120

# The categories of a foresight trend board (STEEP), each a column of the board.
STEEP = [
    ("social", _("Social")),
    ("technological", _("Technological")),
    ("economic", _("Economic")),
    ("ecological", _("Ecological")),
    ("political", _("Political")),
]


def new_join_code() -> str:
    """Six characters without look-alikes (no 0/O, 1/I/L), easy to type on a phone."""
    return "".join(secrets.choice(CHECKIN_ALPHABET) for _ in range(6))


class Room(models.Model):
    """The live room of a workshop: one join code for the whole day, shown on the projector.
    ``current`` is the activity that the projector and the phones show now."""

    workshop = models.OneToOneField(
        Workshop, verbose_name=_("workshop"), related_name="live_room", on_delete=models.CASCADE
    )
    code = models.CharField(_("join code"), max_length=8, unique=True, default=new_join_code)
    current = models.ForeignKey(
        "Activity",
        verbose_name=_("shown now"),
        related_name="+",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    # a secret link that shows the room on a big screen without logging in; "" when there is
    # none (a new key revokes the old link)
    presenter_key = models.CharField(_("presenter link key"), max_length=64, blank=True, default="")
    # the facilitator's countdown, shown on the projector and every phone
    timer_ends = models.DateTimeField(_("timer ends"), null=True, blank=True)
    timer_seconds = models.PositiveIntegerField(_("timer length in seconds"), null=True, blank=True)
    # when a facilitator closed the room: its join code no longer lets anyone in (it also
    # stops working when the workshop's day is over, see ``code_expires_at``)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    # fair use: what one person may do in a minute (and guests from one address in an hour);
    # defaults that no honest participant meets, which the facilitator can change
    notes_per_minute = models.PositiveSmallIntegerField(
        _("notes per person and minute"), default=20
    )
    votes_per_minute = models.PositiveSmallIntegerField(
        _("votes and ratings per person and minute"), default=120
    )
    syncs_per_minute = models.PositiveSmallIntegerField(
        _("catch-ups per screen and minute"), default=12
    )
    guests_per_address = models.PositiveSmallIntegerField(
        _("guests per network address and hour"),
        default=60,
        help_text=_("Everyone on the venue's wifi may share one address."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("live room")
        verbose_name_plural = _("live rooms")

    def __str__(self) -> str:
        return f"{self.workshop} ({self.code})"

    def get_absolute_url(self) -> str:
        return reverse("live:room", kwargs={"code": self.code})

    @property
    def code_expires_at(self) -> datetime.datetime:
        """When the join code stops letting people in: when a facilitator closes the room, at
        the latest at midnight after the workshop's day."""
        ends = timezone.localtime(self.workshop.ends_at)
        day_over = timezone.make_aware(
            datetime.datetime.combine(ends.date() + datetime.timedelta(days=1), datetime.time())
        )
        return min(self.closed_at, day_over) if self.closed_at else day_over

    def code_open(self, now: datetime.datetime | None = None) -> bool:
        return (now or timezone.now()) < self.code_expires_at


class Activity(models.Model):
    """A live activity on a program item: a board of notes, a vote, a poll, a case dialogue,
    breakout groups, foresight or an opinion map (Åsiktskarta). Facilitators open it, lock
    its board, open its voting, reveal its results and close it; a closed activity accepts
    nothing."""

    class Kind(models.TextChoices):
        BOARD = "board", _("Board")
        PERSPECTIVES = "perspectives", _("Perspectives")
        DOT_VOTING = "dot_voting", _("Dot voting")
        RANKING = "ranking", _("Ranking")
        POLL = "poll", _("Poll")
        CASE_DIALOGUE = "case_dialogue", _("Case dialogue")
        BREAKOUT = "breakout", _("Breakout groups")
        FORESIGHT = "foresight", _("Foresight 2030")
        OPINIONS = "opinions", _("Opinion map")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Not started")
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    room = models.ForeignKey(
        Room, verbose_name=_("room"), related_name="activities", on_delete=models.CASCADE
    )
    program_item = models.ForeignKey(
        ProgramItem,
        verbose_name=_("program item"),
        related_name="activities",
        on_delete=models.CASCADE,
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    prompt = models.CharField(_("question"), max_length=500, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    locked = models.BooleanField(
        _("board locked"), default=False, help_text=_("Notes can no longer be added or edited.")
    )
    voting_open = models.BooleanField(_("voting open"), default=False)
    revealed = models.BooleanField(_("results shown"), default=False)
    hide_authors = models.BooleanField(_("authors hidden"), default=False)
    participants_group = models.BooleanField(
        _("participants group the notes"),
        default=False,
        help_text=_("Participants may move notes between the groups of the board."),
    )
    allow_guests = models.BooleanField(
        _("guests allowed"),
        default=False,
        help_text=_("People who are not registered may join with the code, without logging in."),
    )
    dots_per_person = models.PositiveSmallIntegerField(_("dots per person"), default=3)
    several_dots_per_note = models.BooleanField(_("several dots on one note"), default=False)
    multiple_choice = models.BooleanField(_("multiple choice"), default=False)
    seq = models.PositiveBigIntegerField(
        _("last event"), default=0, editable=False, help_text=_("Number of the last event.")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        related_name="+",
        on_delete=models.SET_NULL,
        null=True,
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["room", "program_item__starts", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(dots_per_person__lte=20), name="activity_dots_at_most_20"
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("live:activity", kwargs={"code": self.room.code, "pk": self.pk})

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

    @property
    def participants_write(self) -> bool:
        """Whether participants add the notes (otherwise the facilitator sets the options)."""
        return self.kind in {
            self.Kind.BOARD,
            self.Kind.PERSPECTIVES,
            self.Kind.CASE_DIALOGUE,
            self.Kind.FORESIGHT,
            self.Kind.OPINIONS,
        }

    @property
    def vote_mode(self) -> str:
        """How people vote: "dots", "single", "multiple", "rank", or "" (no votes)."""
        if self.kind == self.Kind.POLL:
            return "multiple" if self.multiple_choice else "single"
        if self.kind == self.Kind.RANKING:
            return "rank"
        if self.kind in {self.Kind.BREAKOUT, self.Kind.FORESIGHT, self.Kind.OPINIONS}:
            return ""  # foresight rates its trends, an opinion map answers its statements
        return "dots" if self.dots_per_person else ""

    @property
    def accepts_votes(self) -> bool:
        """Options are voted on while the activity is open; boards once their voting opens."""
        if not self.is_open or not self.vote_mode:
            return False
        return self.voting_open or not self.participants_write


class Column(models.Model):
    """A column of a board ("Möjligheter", "Hinder"), a STEEP category of the foresight trend
    board, or one of its four scenario quadrants (with the scenario's short narrative).

    ``kind`` tells them apart: a board column holds notes (trends, on a foresight board) while
    the board is open; a scenario also takes notes after the board is locked, and has a
    narrative. ``key`` names a column that the code creates (a STEEP category, a quadrant)."""

    class Kind(models.TextChoices):
        BOARD = "board", _("Board")
        SCENARIO = "scenario", _("Scenario")

    activity = models.ForeignKey(
        Activity, verbose_name=_("activity"), related_name="columns", on_delete=models.CASCADE
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.BOARD)
    key = models.CharField(_("key"), max_length=20, blank=True)
    title = models.CharField(_("title"), max_length=100)
    narrative = models.TextField(_("narrative"), max_length=2000, blank=True)

    class Meta:
        verbose_name = _("column")
        verbose_name_plural = _("columns")
        ordering = ["activity", "position", "pk"]

    def __str__(self) -> str:
        return self.title


class Participant(models.Model):
    """A person in the live room: a registered participant (organisation and side from the
    registration), a facilitator, or a guest that a facilitator allowed (known by a key kept in
    their browser session)."""

    room = models.ForeignKey(
        Room, verbose_name=_("room"), related_name="participants", on_delete=models.CASCADE
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        related_name="live_participations",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
    )
    guest_key = models.CharField(_("guest key"), max_length=40, blank=True, editable=False)
    name = models.CharField(_("name"), max_length=100)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        related_name="+",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    side = models.CharField(_("side"), max_length=10, choices=Side.choices, default=Side.OTHER)
    is_facilitator = models.BooleanField(_("facilitator"), default=False)
    joined_at = models.DateTimeField(_("joined"), auto_now_add=True)
    # a facilitator removed the person from the room: they cannot join it again
    removed_at = models.DateTimeField(_("removed"), null=True, blank=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("removed by"),
        related_name="+",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )

    class Meta:
        verbose_name = _("participant in the room")
        verbose_name_plural = _("participants in the room")
        ordering = ["room", "name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["room", "user"],
                condition=models.Q(user__isnull=False),
                name="participant_once_per_room",
            ),
            models.UniqueConstraint(
                fields=["room", "guest_key"],
                condition=~models.Q(guest_key=""),
                name="guest_once_per_room",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_guest(self) -> bool:
        return self.user_id is None

    @property
    def organisation_label(self) -> str:
        return self.organisation.short_name if self.organisation else ""


class Theme(models.Model):
    """A theme that groups notes of a board. Suggested by the clustering aid, then accepted,
    renamed, merged or rejected by a facilitator; participants see accepted themes only."""

    class Status(models.TextChoices):
        SUGGESTED = "suggested", _("Suggested")
        ACCEPTED = "accepted", _("Accepted")

    activity = models.ForeignKey(
        Activity, verbose_name=_("activity"), related_name="themes", on_delete=models.CASCADE
    )
    label = models.CharField(_("label"), max_length=80)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.SUGGESTED
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        ordering = ["activity", "position", "pk"]

    def __str__(self) -> str:
        return self.label


class Note(models.Model):
    """A sticky note, a proposed case, a trend, an option of a poll or a vote, a breakout
    group's note on a case, or a statement of an opinion map (a participant's statement is
    hidden until a facilitator approves it). Its text is stored as typed and always shown as
    plain text.

    ``side`` and ``organisation`` are kept as they were when the note was written: a case names
    the organisation that brings it."""

    activity = models.ForeignKey(
        Activity, verbose_name=_("activity"), related_name="notes", on_delete=models.CASCADE
    )
    column = models.ForeignKey(
        Column,
        verbose_name=_("column"),
        related_name="notes",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    case = models.ForeignKey(
        "self",
        verbose_name=_("case"),
        related_name="group_notes",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
    )
    author = models.ForeignKey(
        Participant,
        verbose_name=_("author"),
        related_name="notes",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    side = models.CharField(_("side"), max_length=10, choices=Side.choices, default=Side.OTHER)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        related_name="+",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    title = models.CharField(_("title"), max_length=TITLE_MAX_LENGTH, blank=True)
    text = models.CharField(_("text"), max_length=NOTE_MAX_LENGTH, blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)
    hidden = models.BooleanField(_("hidden"), default=False)
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        related_name="merged",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    theme = models.ForeignKey(
        Theme,
        verbose_name=_("theme"),
        related_name="notes",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    chosen = models.BooleanField(_("chosen for a group"), default=False)
    client_key = models.UUIDField(_("submission key"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("note")
        verbose_name_plural = _("notes")
        ordering = ["activity", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["author", "client_key"],
                condition=models.Q(client_key__isnull=False),
                name="note_submitted_once",
            )
        ]

    def __str__(self) -> str:
        return self.title or self.text[:60]


class Vote(models.Model):
    """A person's vote on a note: the number of dots, 1 for a poll option, or the rank given
    (1 = first) in a ranking."""

    activity = models.ForeignKey(
        Activity, verbose_name=_("activity"), related_name="votes", on_delete=models.CASCADE
    )
    note = models.ForeignKey(
        Note, verbose_name=_("note"), related_name="votes", on_delete=models.CASCADE
    )
    participant = models.ForeignKey(
        Participant, verbose_name=_("voter"), related_name="votes", on_delete=models.CASCADE
    )
    value = models.PositiveSmallIntegerField(_("value"))

    class Meta:
        verbose_name = _("vote")
        verbose_name_plural = _("votes")
        constraints = [
            models.UniqueConstraint(fields=["participant", "note"], name="vote_once_per_note"),
            models.CheckConstraint(condition=models.Q(value__gte=1), name="vote_positive"),
        ]
        indexes = [models.Index(fields=["activity", "participant"])]

    def __str__(self) -> str:
        return f"{self.participant}: {self.note} ({self.value})"


class Breakout(models.Model):
    """Breakout groups of an activity: ``groups`` groups over ``rounds`` rounds, allocated
    reproducibly from ``seed``. In a case dialogue, group n discusses the n-th chosen case."""

    activity = models.OneToOneField(
        Activity, verbose_name=_("activity"), related_name="breakout", on_delete=models.CASCADE
    )
    groups = models.PositiveSmallIntegerField(_("groups"))
    rounds = models.PositiveSmallIntegerField(_("rounds"), default=1)
    seed = models.PositiveIntegerField(_("seed"), default=0)
    current_round = models.PositiveSmallIntegerField(_("current round"), default=0)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("breakout groups")
        verbose_name_plural = _("breakout groups")

    def __str__(self) -> str:
        return f"{self.activity}: {self.groups}/{self.rounds}"


class Seat(models.Model):
    """A person's group in one round of a breakout."""

    breakout = models.ForeignKey(
        Breakout, verbose_name=_("breakout"), related_name="seats", on_delete=models.CASCADE
    )
    participant = models.ForeignKey(
        Participant, verbose_name=_("participant"), related_name="seats", on_delete=models.CASCADE
    )
    round = models.PositiveSmallIntegerField(_("round"))
    group = models.PositiveSmallIntegerField(_("group"))
    moved_by_hand = models.BooleanField(_("moved by hand"), default=False)

    class Meta:
        verbose_name = _("seat")
        verbose_name_plural = _("seats")
        ordering = ["breakout", "round", "group", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["breakout", "participant", "round"], name="seat_once_per_round"
            )
        ]

    def __str__(self) -> str:
        return f"{self.participant}: {self.round + 1}/{self.group + 1}"


class Event(models.Model):
    """A change of an activity, numbered per activity without gaps (``seq``), kept so that a
    screen that lost its connection gets everything it missed, in order, exactly once."""

    activity = models.ForeignKey(
        Activity, verbose_name=_("activity"), related_name="events", on_delete=models.CASCADE
    )
    seq = models.PositiveBigIntegerField(_("number"))
    kind = models.CharField(_("kind"), max_length=30)
    data = models.JSONField(_("data"), default=dict)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["activity", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["activity", "seq"], name="event_numbered_once")
        ]

    def __str__(self) -> str:
        return f"{self.activity_id}#{self.seq} {self.kind}"


class Rating(models.Model):
    """One person's rating of one trend of a foresight board (Framsyn 2030): its impact and its
    uncertainty, each 1 (low) to 5 (high)."""

    trend = models.ForeignKey(
        Note, verbose_name=_("trend"), related_name="ratings", on_delete=models.CASCADE
    )
    participant = models.ForeignKey(
        Participant, verbose_name=_("participant"), related_name="+", on_delete=models.CASCADE
    )
    impact = models.PositiveSmallIntegerField(_("impact"))
    uncertainty = models.PositiveSmallIntegerField(_("uncertainty"))
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("rating")
        verbose_name_plural = _("ratings")
        constraints = [
            models.UniqueConstraint(fields=["trend", "participant"], name="rating_once"),
            models.CheckConstraint(
                condition=models.Q(impact__gte=1, impact__lte=5), name="rating_impact_1_5"
            ),
            models.CheckConstraint(
                condition=models.Q(uncertainty__gte=1, uncertainty__lte=5),
                name="rating_uncertainty_1_5",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.participant}: {self.trend} ({self.impact}/{self.uncertainty})"


class ScenarioAxes(models.Model):
    """The two critical uncertainties that span the four scenarios of a foresight activity."""

    activity = models.OneToOneField(
        Activity, verbose_name=_("activity"), related_name="axes", on_delete=models.CASCADE
    )
    x = models.ForeignKey(
        Note, verbose_name=_("horizontal axis"), related_name="+", on_delete=models.CASCADE
    )
    y = models.ForeignKey(
        Note, verbose_name=_("vertical axis"), related_name="+", on_delete=models.CASCADE
    )

    class Meta:
        verbose_name = _("scenario axes")
        verbose_name_plural = _("scenario axes")

    def __str__(self) -> str:
        return f"{self.x} / {self.y}"


class NoteVector(models.Model):
    """The sentence embedding of a note's text (:mod:`larlabb.live.embeddings`), computed once
    and kept for the theme suggestions and the shared-ground proposals. ``digest`` is the
    SHA-256 of the text embedded and ``model`` the model's name: a vector whose note was
    edited, or that another model made, is computed again."""

    note = models.OneToOneField(
        Note,
        verbose_name=_("note"),
        related_name="vector",
        on_delete=models.CASCADE,
        primary_key=True,
    )
    model = models.CharField(_("model"), max_length=60)
    digest = models.CharField(_("digest of the text"), max_length=64)
    vector = models.BinaryField(_("vector"))

    class Meta:
        verbose_name = _("note vector")
        verbose_name_plural = _("note vectors")

    def __str__(self) -> str:
        return f"{self.note_id} ({self.model})"


class ThemeRun(models.Model):
    """Theme suggestions for a board through the task queue: its first run, when more notes
    need their vectors than are computed while the facilitator waits. The control page shows
    its progress."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    activity = models.ForeignKey(
        Activity, verbose_name=_("activity"), related_name="theme_runs", on_delete=models.CASCADE
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        related_name="+",
        on_delete=models.SET_NULL,
        null=True,
    )
    k = models.PositiveSmallIntegerField(_("number of themes"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    done = models.PositiveIntegerField(_("notes done"), default=0)
    total = models.PositiveIntegerField(_("notes in all"), default=0)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("theme run")
        verbose_name_plural = _("theme runs")
        ordering = ["activity", "-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["activity"],
                condition=models.Q(status__in=["queued", "running"]),
                name="one_theme_run_at_a_time",
            )
        ]

    def __str__(self) -> str:
        return f"{self.activity}: {self.status} {self.done}/{self.total}"

    @property
    def active(self) -> bool:
        return self.status in {self.Status.QUEUED, self.Status.RUNNING}


class Answer(models.Model):
    """One person's answer to one statement of an opinion map (Åsiktskarta): 1 agree, −1
    disagree, 0 pass. Answering again changes the answer."""

    class Value(models.IntegerChoices):
        AGREE = 1, _("Agree")
        DISAGREE = -1, _("Disagree")
        PASS = 0, _("Pass / unsure")

    activity = models.ForeignKey(
        Activity, verbose_name=_("activity"), related_name="answers", on_delete=models.CASCADE
    )
    statement = models.ForeignKey(
        Note, verbose_name=_("statement"), related_name="answers", on_delete=models.CASCADE
    )
    participant = models.ForeignKey(
        Participant, verbose_name=_("participant"), related_name="answers", on_delete=models.CASCADE
    )
    value = models.SmallIntegerField(_("answer"), choices=Value.choices)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "statement"], name="answer_once_per_statement"
            ),
            models.CheckConstraint(
                condition=models.Q(value__in=[-1, 0, 1]), name="answer_agree_disagree_or_pass"
            ),
        ]
        indexes = [models.Index(fields=["activity", "participant"])]

    def __str__(self) -> str:
        return f"{self.participant}: {self.statement} ({self.value})"
