"""Challenge-driven work (the seed "Utmaningsdrivna arbetssätt"): challenges, missions with
indicators, a portfolio of expeditions and experiments with their learning loops, the
self-assessed prerequisites, dialogues and the action plan of a lab."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from larlabb.actors.models import Organisation
from larlabb.labs.models import Lab
from larlabb.missions import rules
from larlabb.synergies.models import Goal


class Challenge(models.Model):
    """A larger, complex societal challenge that the lab may collaborate on."""

    class Scope(models.TextChoices):
        LOCAL = "local", _("Local (one or a few municipalities)")
        REGIONAL = "regional", _("One region")
        INTERREGIONAL = "interregional", _("Several regions")
        NATIONAL = "national", _("The whole country")
        INTERNATIONAL = "international", _("Across borders")

    lab = models.ForeignKey(
        Lab, verbose_name=_("lab"), related_name="challenges", on_delete=models.CASCADE
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), max_length=5000)
    goals = models.ManyToManyField(
        Goal,
        verbose_name=_("strategy areas and SDGs"),
        related_name="challenges",
        blank=True,
    )
    scope = models.CharField(_("geographic scope"), max_length=20, choices=Scope.choices)
    why_complex = models.TextField(
        _("why it is complex"),
        max_length=5000,
        blank=True,
        help_text=_("Many causes, many actors, no single owner, no known solution…"),
    )
    actors_needed = models.TextField(_("actors it needs"), max_length=2000, blank=True)
    organisations = models.ManyToManyField(
        Organisation,
        verbose_name=_("organisations taking part"),
        related_name="challenges",
        blank=True,
    )
    owners = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owners"),
        related_name="owned_challenges",
        blank=True,
        help_text=_("The people who edit the challenge, beside the lab's organisers."),
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposed by"),
        related_name="+",
        null=True,
        on_delete=models.SET_NULL,
    )
    is_published = models.BooleanField(
        pgettext_lazy("challenge", "published"),
        default=False,
        help_text=_("Published work of a published lab can be read by anyone."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("challenge")
        verbose_name_plural = _("challenges")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.title


class ChallengeAssessment(models.Model):
    """One person's judgement of a challenge against the seed's two criteria."""

    challenge = models.ForeignKey(Challenge, related_name="assessments", on_delete=models.CASCADE)
    person = models.ForeignKey(settings.AUTH_USER_MODEL, related_name="+", on_delete=models.CASCADE)
    is_complex = models.BooleanField(_("a larger, complex societal challenge"))
    needs_several_actors = models.BooleanField(_("needs several actors to take part"))

    class Meta:
        verbose_name = _("assessment of a challenge")
        verbose_name_plural = _("assessments of challenges")
        constraints = [
            models.UniqueConstraint(
                fields=["challenge", "person"], name="challenge_assessment_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.challenge} – {self.person}"


class ChallengeVote(models.Model):
    """A vote for a challenge as one of the most relevant to collaborate on."""

    challenge = models.ForeignKey(Challenge, related_name="votes", on_delete=models.CASCADE)
    person = models.ForeignKey(settings.AUTH_USER_MODEL, related_name="+", on_delete=models.CASCADE)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("priority vote")
        verbose_name_plural = _("priority votes")
        constraints = [
            models.UniqueConstraint(fields=["challenge", "person"], name="challenge_vote_once")
        ]

    def __str__(self) -> str:
        return f"{self.challenge} – {self.person}"


class Mission(models.Model):
    """An ambitious, measurable goal for a challenge, with a target year."""

    challenge = models.ForeignKey(
        Challenge, verbose_name=_("challenge"), related_name="missions", on_delete=models.CASCADE
    )
    title = models.CharField(_("title"), max_length=200)
    goal = models.TextField(
        _("goal"),
        max_length=2000,
        help_text=_("Ambitious and measurable: what will be true, by when."),
    )
    target_year = models.PositiveSmallIntegerField(_("target year"))
    owner = models.ForeignKey(
        Organisation,
        verbose_name=_("owner organisation"),
        related_name="owned_missions",
        on_delete=models.PROTECT,
    )
    organisations = models.ManyToManyField(
        Organisation,
        verbose_name=_("committed organisations"),
        related_name="missions",
        blank=True,
    )
    owners = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("people who run it"),
        related_name="owned_missions",
        blank=True,
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("mission")
        verbose_name_plural = _("missions")
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(target_year__gte=2000, target_year__lte=rules.LATEST_TARGET_YEAR),
                name="mission_target_year_range",
            )
        ]

    def __str__(self) -> str:
        return self.title


class Indicator(models.Model):
    mission = models.ForeignKey(
        Mission, verbose_name=_("mission"), related_name="indicators", on_delete=models.CASCADE
    )
    name = models.CharField(_("name"), max_length=200)
    unit = models.CharField(_("unit"), max_length=40)
    baseline = models.DecimalField(_("baseline"), max_digits=14, decimal_places=2)
    baseline_year = models.PositiveSmallIntegerField(_("year of the baseline"))
    target = models.DecimalField(_("target"), max_digits=14, decimal_places=2)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(unit=""), name="indicator_has_unit"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.unit})"


class Measurement(models.Model):
    indicator = models.ForeignKey(
        Indicator,
        verbose_name=_("indicator"),
        related_name="measurements",
        on_delete=models.CASCADE,
    )
    measured_on = models.DateField(_("measured on"))
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2)
    note = models.CharField(_("source or note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("measured value")
        verbose_name_plural = _("measured values")
        ordering = ["measured_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "measured_on"], name="measurement_once_a_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator}: {self.value} ({self.measured_on})"


class Initiative(models.Model):
    """An expedition (exploratory work) or an experiment (a test of a hypothesis)."""

    class Kind(models.TextChoices):
        EXPEDITION = "expedition", _("Expedition")
        EXPERIMENT = "experiment", _("Experiment")

    class Status(models.TextChoices):
        PLANNED = rules.PLANNED, rules.STATUS_LABELS[rules.PLANNED]
        RUNNING = rules.RUNNING, rules.STATUS_LABELS[rules.RUNNING]
        COMPLETED = rules.COMPLETED, rules.STATUS_LABELS[rules.COMPLETED]
        STOPPED = rules.STOPPED, rules.STATUS_LABELS[rules.STOPPED]

    mission = models.ForeignKey(
        Mission, verbose_name=_("mission"), related_name="initiatives", on_delete=models.CASCADE
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    hypothesis = models.TextField(
        _("hypothesis"),
        max_length=2000,
        blank=True,
        help_text=_("For an experiment: what you believe, and what would show it is wrong."),
    )
    plan = models.TextField(_("what will be done"), max_length=5000)
    organisations = models.ManyToManyField(
        Organisation, verbose_name=_("actors"), related_name="initiatives", blank=True
    )
    participants = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("people taking part"),
        related_name="initiatives",
        blank=True,
        help_text=_("They may add to the learning loop."),
    )
    starts_on = models.DateField(_("start"))
    ends_on = models.DateField(_("end"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PLANNED
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("expedition or experiment")
        verbose_name_plural = _("expeditions and experiments")
        ordering = ["starts_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="initiative_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return self.title


class LearningEntry(models.Model):
    """One turn of the learning loop: what was tried, what was learned, and the next step."""

    class NextStep(models.TextChoices):
        KEEP = "keep", _("Keep")
        ADAPT = "adapt", _("Adapt")
        STOP = "stop", _("Stop")

    initiative = models.ForeignKey(Initiative, related_name="learning", on_delete=models.CASCADE)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, related_name="+", null=True, on_delete=models.SET_NULL
    )
    happened_on = models.DateField(_("date"))
    tried = models.TextField(_("what was tried"), max_length=5000)
    learned = models.TextField(_("what was learned"), max_length=5000)
    next_step = models.CharField(_("next step"), max_length=10, choices=NextStep.choices)
    next_step_note = models.CharField(_("the next step, in a sentence"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("learning entry")
        verbose_name_plural = _("learning entries")
        ordering = ["happened_on", "pk"]

    def __str__(self) -> str:
        return f"{self.initiative} ({self.happened_on})"


class Comment(models.Model):
    """A lab member's comment on a challenge or a mission."""

    challenge = models.ForeignKey(
        Challenge, null=True, blank=True, related_name="comments", on_delete=models.CASCADE
    )
    mission = models.ForeignKey(
        Mission, null=True, blank=True, related_name="comments", on_delete=models.CASCADE
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, related_name="+", null=True, on_delete=models.SET_NULL
    )
    text = models.TextField(_("comment"), max_length=4000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(challenge__isnull=True) ^ Q(mission__isnull=True),
                name="comment_on_one_thing",
            )
        ]

    def __str__(self) -> str:
        return self.text[:60]


class PrerequisiteAssessment(models.Model):
    """A self-assessment of the seed's prerequisites, for a mission or an organisation."""

    lab = models.ForeignKey(Lab, related_name="prerequisite_assessments", on_delete=models.CASCADE)
    mission = models.ForeignKey(
        Mission,
        null=True,
        blank=True,
        related_name="prerequisite_assessments",
        on_delete=models.CASCADE,
    )
    organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        related_name="prerequisite_assessments",
        on_delete=models.CASCADE,
    )
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, related_name="+", null=True, on_delete=models.SET_NULL
    )
    assessed_on = models.DateField(_("date"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("assessment of the prerequisites")
        verbose_name_plural = _("assessments of the prerequisites")
        ordering = ["assessed_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(mission__isnull=True) ^ Q(organisation__isnull=True),
                name="prerequisites_of_one_subject",
            )
        ]

    def __str__(self) -> str:
        return f"{self.mission or self.organisation} ({self.assessed_on})"

    def as_dict(self) -> dict[str, int]:
        return {rating.item: rating.value for rating in self.ratings.all()}


class PrerequisiteRating(models.Model):
    assessment = models.ForeignKey(
        PrerequisiteAssessment, related_name="ratings", on_delete=models.CASCADE
    )
    item = models.CharField(
        _("prerequisite"),
        max_length=30,
        choices=[(key, label) for key, label in rules.PREREQUISITES],
    )
    value = models.PositiveSmallIntegerField(_("rating"))
    comment = models.CharField(_("comment"), max_length=500, blank=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "item"], name="prerequisite_rated_once"),
            models.CheckConstraint(
                condition=Q(value__gte=rules.RATING_MIN, value__lte=rules.RATING_MAX),
                name="prerequisite_rating_1_to_5",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_item_display()}: {self.value}"


class LinkedToWork(models.Model):
    """A record that may concern one of the lab's challenges or missions."""

    challenge = models.ForeignKey(
        Challenge,
        verbose_name=_("challenge"),
        null=True,
        blank=True,
        related_name="%(class)ss",
        on_delete=models.SET_NULL,
    )
    mission = models.ForeignKey(
        Mission,
        verbose_name=_("mission"),
        null=True,
        blank=True,
        related_name="%(class)ss",
        on_delete=models.SET_NULL,
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True


class Dialogue(LinkedToWork):
    """A recorded dialogue: with the regions, with colleagues, with other agencies…"""

    class With(models.TextChoices):
        REGIONS = "regions", _("With regions")
        COLLEAGUES = "colleagues", _("With colleagues")
        AGENCIES = "agencies", _("With other agencies")
        OTHERS = "others", _("With others")

    lab = models.ForeignKey(Lab, related_name="dialogues", on_delete=models.CASCADE)
    held_on = models.DateField(_("date"))
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("dialogue"), max_length=20, choices=With.choices)
    organisations = models.ManyToManyField(
        Organisation, verbose_name=_("organisations"), related_name="dialogues", blank=True
    )
    participants = models.TextField(_("who took part"), max_length=2000, blank=True)
    notes = models.TextField(_("notes"), max_length=10000)

    class Meta:
        verbose_name = _("dialogue")
        verbose_name_plural = _("dialogues")
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return self.title


class Action(LinkedToWork):
    """A step of the action plan (the seed's "Kommande steg")."""

    class Status(models.TextChoices):
        OPEN = "open", _("Not started")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")
        CANCELLED = "cancelled", pgettext_lazy("action", "Cancelled")

    lab = models.ForeignKey(Lab, related_name="actions", on_delete=models.CASCADE)
    title = models.CharField(_("action"), max_length=300)
    owner = models.ForeignKey(
        Organisation,
        verbose_name=_("owner organisation"),
        related_name="actions",
        on_delete=models.PROTECT,
    )
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsible person"),
        related_name="actions",
        on_delete=models.PROTECT,
    )
    due_on = models.DateField(_("due date"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.OPEN
    )

    class Meta:
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return self.title

    def is_overdue_on(self, today) -> bool:
        return rules.is_overdue(self.due_on, self.status, today)
