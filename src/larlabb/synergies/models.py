from django.conf import settings
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from larlabb.core.numbers import format_signed


class Catalogue(models.Model):
    """A catalogue of goals that can be scored against each other: the national strategy's
    strategic areas, the 17 SDGs, a region's own development-strategy goals…"""

    key = models.SlugField(_("key"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("name in English"), max_length=200, blank=True)
    source = models.URLField(_("source"), max_length=500, blank=True)
    description = models.TextField(_("description"), max_length=2000, blank=True)

    class Meta:
        verbose_name = _("goal catalogue")
        verbose_name_plural = _("goal catalogues")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        if self.name_en and translation.get_language() == "en":
            return self.name_en
        return self.name


class Goal(models.Model):
    """One goal of a catalogue ("SDG 11", "A2 Kompetensförsörjning …")."""

    catalogue = models.ForeignKey(
        Catalogue, verbose_name=_("catalogue"), related_name="goals", on_delete=models.CASCADE
    )
    code = models.CharField(_("code"), max_length=20)
    title = models.CharField(_("title"), max_length=300)
    title_en = models.CharField(_("title in English"), max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        ordering = ["catalogue", "position", "code"]
        constraints = [
            models.UniqueConstraint(fields=["catalogue", "code"], name="goal_unique_code")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.display_title}"

    @property
    def display_title(self) -> str:
        if self.title_en and translation.get_language() == "en":
            return self.title_en
        return self.title


class MappingSession(models.Model):
    """A cross-impact map: the lab's participants score how 5–40 chosen goals influence each
    other on the seven-point scale (Nilsson, Griggs & Visbeck 2016)."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open for scoring")
        CLOSED = "closed", _("Closed")

    lab = models.ForeignKey(
        "labs.Lab", verbose_name=_("lab"), related_name="mapping_sessions", on_delete=models.CASCADE
    )
    workshop = models.ForeignKey(
        "labs.Workshop",
        verbose_name=_("workshop"),
        related_name="mapping_sessions",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    title = models.CharField(_("title"), max_length=200)
    question = models.TextField(
        _("question"),
        max_length=1000,
        blank=True,
        help_text=_("Shown above the scale; leave empty for the standard question."),
    )
    goals: "models.ManyToManyField[Goal, SessionGoal]" = models.ManyToManyField(
        Goal, through="SessionGoal", verbose_name=_("goals")
    )
    group_count = models.PositiveSmallIntegerField(
        _("groups"),
        default=1,
        help_text=_("Split the rows among this many groups, so that each group scores one block."),
    )
    show_individual_scores = models.BooleanField(
        _("participants see each other's scores"),
        default=False,
        help_text=_("Otherwise participants see only the combined results."),
    )
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.OPEN)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("synergy map")
        verbose_name_plural = _("synergy maps")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN


class SessionGoal(models.Model):
    session = models.ForeignKey(
        MappingSession, related_name="session_goals", on_delete=models.CASCADE
    )
    goal = models.ForeignKey(Goal, related_name="+", on_delete=models.PROTECT)
    position = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["session", "goal"], name="session_goal_once"),
            models.UniqueConstraint(fields=["session", "position"], name="session_goal_position"),
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.goal}"


class ScorerGroup(models.Model):
    """Which group (block of rows) a scorer takes in a session split among groups."""

    session = models.ForeignKey(
        MappingSession, related_name="scorer_groups", on_delete=models.CASCADE
    )
    scorer = models.ForeignKey(settings.AUTH_USER_MODEL, related_name="+", on_delete=models.CASCADE)
    number = models.PositiveSmallIntegerField(_("group"))

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["session", "scorer"], name="scorer_group_once")
        ]

    def __str__(self) -> str:
        return f"{self.scorer}: {self.number + 1}"


class Score(models.Model):
    """One scorer's judgement: progress on the row goal influences the column goal by value."""

    class Certainty(models.TextChoices):
        LOW = "low", _("Low")
        MEDIUM = "medium", _("Medium")
        HIGH = "high", _("High")

    session = models.ForeignKey(MappingSession, related_name="scores", on_delete=models.CASCADE)
    scorer = models.ForeignKey(
        settings.AUTH_USER_MODEL, related_name="synergy_scores", on_delete=models.CASCADE
    )
    row = models.ForeignKey(Goal, related_name="+", on_delete=models.PROTECT)
    column = models.ForeignKey(Goal, related_name="+", on_delete=models.PROTECT)
    value = models.SmallIntegerField(_("score"))
    certainty = models.CharField(_("certainty"), max_length=10, choices=Certainty, blank=True)
    comment = models.CharField(_("comment"), max_length=500, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "scorer", "row", "column"], name="score_once_per_cell"
            ),
            models.CheckConstraint(
                condition=models.Q(value__gte=-3, value__lte=3), name="score_on_the_scale"
            ),
            models.CheckConstraint(
                condition=~models.Q(row=models.F("column")), name="score_not_on_the_diagonal"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.row.code} → {self.column.code}: {format_signed(self.value)}"
