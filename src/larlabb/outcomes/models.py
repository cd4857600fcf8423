"""Learning and outcomes: assignments and their submissions, reflections after a workshop, the
before/after survey (statements and relations between organisations), the register of
follow-up collaborations, and the workshops' documentation reports."""

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from larlabb.actors.models import Organisation
from larlabb.labs.models import Lab, Workshop
from larlabb.outcomes.storage import private_storage


def submission_path(submission: "Submission", filename: str) -> str:
    """A name nobody can guess or choose: the uploaded name is kept in ``file_name`` only."""
    return f"submissions/{submission.assignment_id}/{uuid.uuid4().hex}.{submission.file_kind}"


def report_path(report: "Report", filename: str) -> str:
    return f"reports/{report.workshop_id}/{uuid.uuid4().hex}.pdf"


class ExpectedResult(models.TextChoices):
    """The four results the invitation promises, which the survey's statements measure."""

    CAPACITY = "capacity", _("More joint capacity to reach the strategy's goals")
    RELATIONS = "relations", _("Stronger relations between agencies and regions")
    INTERESTS = "interests", _("Jointly identified interest areas, synergies and goal conflicts")
    COLLABORATION = "collaboration", _("A basis for continued collaboration")


class Assignment(models.Model):
    """Preparation before a workshop or homework after it, for the whole lab or for chosen
    organisations."""

    class Kind(models.TextChoices):
        PREPARATION = "preparation", _("Preparation")
        HOMEWORK = "homework", _("Homework")

    lab = models.ForeignKey(
        Lab, verbose_name=_("lab"), related_name="assignments", on_delete=models.CASCADE
    )
    workshop = models.ForeignKey(
        Workshop,
        verbose_name=_("workshop"),
        related_name="assignments",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    kind = models.CharField(
        _("kind"), max_length=12, choices=Kind.choices, default=Kind.PREPARATION
    )
    title = models.CharField(_("title"), max_length=200)
    instructions = models.TextField(_("instructions"), max_length=5000)
    due_at = models.DateTimeField(_("due"))
    organisations = models.ManyToManyField(
        Organisation,
        verbose_name=_("for these organisations"),
        related_name="assignments",
        blank=True,
        help_text=_("Empty for everyone in the lab."),
    )
    accepts_file = models.BooleanField(_("a file may be attached"), default=True)
    allow_late = models.BooleanField(_("accept submissions after the due date"), default=False)
    reminder_days = models.PositiveSmallIntegerField(
        _("reminder, days before"),
        default=2,
        help_text=_("Those who have not submitted get an email this many days before; 0 for none."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        ordering = ["due_at", "pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("outcomes:assignment", args=[self.pk])


class Submission(models.Model):
    """One person's answer to an assignment: text, a file, or both."""

    class FileKind(models.TextChoices):
        PDF = "pdf", "PDF"
        DOCX = "docx", "Word (DOCX)"
        XLSX = "xlsx", "Excel (XLSX)"
        PPTX = "pptx", "PowerPoint (PPTX)"
        PNG = "png", "PNG"
        JPEG = "jpg", "JPEG"
        GIF = "gif", "GIF"
        WEBP = "webp", "WebP"

    assignment = models.ForeignKey(
        Assignment,
        verbose_name=_("assignment"),
        related_name="submissions",
        on_delete=models.CASCADE,
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        related_name="submissions",
        on_delete=models.CASCADE,
    )
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), related_name="+", on_delete=models.PROTECT
    )
    text = models.TextField(_("text"), max_length=20000, blank=True)
    file = models.FileField(
        _("file"), storage=private_storage, upload_to=submission_path, blank=True, max_length=200
    )
    file_name = models.CharField(_("file name"), max_length=200, blank=True)
    file_kind = models.CharField(_("file type"), max_length=5, choices=FileKind.choices, blank=True)
    file_size = models.PositiveIntegerField(_("file size"), default=0)
    submitted_at = models.DateTimeField(_("submitted"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")
        ordering = ["submitted_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["assignment", "person"], name="one_submission_each")
        ]

    def __str__(self) -> str:
        return f"{self.assignment} – {self.person}"


class Reflection(models.Model):
    """What a participant learned at a workshop, will bring home and will do next. Private
    unless they share it with the lab."""

    workshop = models.ForeignKey(
        Workshop, verbose_name=_("workshop"), related_name="reflections", on_delete=models.CASCADE
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        related_name="reflections",
        on_delete=models.CASCADE,
    )
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), related_name="+", on_delete=models.PROTECT
    )
    learned = models.TextField(_("What did I learn?"), max_length=5000, blank=True)
    bring_home = models.TextField(
        _("What will I bring home to my organisation?"), max_length=5000, blank=True
    )
    next_steps = models.TextField(_("What will I do next?"), max_length=5000, blank=True)
    shared = models.BooleanField(_("share with the lab"), default=False)
    created_at = models.DateTimeField(_("written"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("reflection")
        verbose_name_plural = _("reflections")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["workshop", "person"], name="one_reflection_each")
        ]

    def __str__(self) -> str:
        return f"{self.workshop} – {self.person}"


class Survey(models.Model):
    """One round of the lab's survey: before the first workshop or after the last. Both rounds
    ask the lab's same statements, so that they compare."""

    class Phase(models.TextChoices):
        BEFORE = "before", _("Before the first workshop")
        AFTER = "after", _("After the last workshop")

    lab = models.ForeignKey(
        Lab, verbose_name=_("lab"), related_name="surveys", on_delete=models.CASCADE
    )
    phase = models.CharField(_("round"), max_length=6, choices=Phase.choices)
    opens_at = models.DateTimeField(_("opens"))
    closes_at = models.DateTimeField(_("closes"))

    class Meta:
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")
        ordering = ["lab", "-phase"]  # before, then after
        constraints = [
            models.UniqueConstraint(fields=["lab", "phase"], name="one_survey_per_round"),
            models.CheckConstraint(
                condition=models.Q(closes_at__gt=models.F("opens_at")),
                name="survey_closes_after_it_opens",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.lab} – {self.get_phase_display()}"

    def get_absolute_url(self) -> str:
        return reverse("outcomes:survey", args=[self.lab.slug, self.phase])


class Statement(models.Model):
    """A statement of the survey, rated from 1 (do not agree) to 5 (fully agree), measuring
    one of the expected results."""

    lab = models.ForeignKey(
        Lab, verbose_name=_("lab"), related_name="statements", on_delete=models.CASCADE
    )
    result = models.CharField(_("expected result"), max_length=14, choices=ExpectedResult.choices)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    text = models.CharField(_("statement"), max_length=300)

    class Meta:
        verbose_name = _("statement")
        verbose_name_plural = _("statements")
        ordering = ["lab", "position", "pk"]

    def __str__(self) -> str:
        return self.text


class Response(models.Model):
    """A person's answers in one round; they change them until the round closes."""

    survey = models.ForeignKey(
        Survey, verbose_name=_("survey"), related_name="responses", on_delete=models.CASCADE
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        related_name="survey_responses",
        on_delete=models.CASCADE,
    )
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), related_name="+", on_delete=models.PROTECT
    )
    comment = models.TextField(_("anything else"), max_length=5000, blank=True)
    open_answers = models.BooleanField(
        _("my answers may be shown with my name"),
        default=False,
        help_text=_("Otherwise they are only ever shown together with others' answers."),
    )
    submitted_at = models.DateTimeField(_("submitted"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("survey response")
        verbose_name_plural = _("survey responses")
        constraints = [
            models.UniqueConstraint(fields=["survey", "person"], name="one_response_per_round")
        ]

    def __str__(self) -> str:
        return f"{self.survey} – {self.person}"


class Answer(models.Model):
    response = models.ForeignKey(Response, related_name="answers", on_delete=models.CASCADE)
    statement = models.ForeignKey(Statement, related_name="answers", on_delete=models.CASCADE)
    value = models.PositiveSmallIntegerField(_("answer"))

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(fields=["response", "statement"], name="one_answer_each"),
            models.CheckConstraint(
                condition=models.Q(value__gte=1, value__lte=5), name="answer_from_one_to_five"
            ),
        ]

    def __str__(self) -> str:
        return str(self.value)


class Tie(models.Model):
    """An organisation the respondent's organisation works with on regional development, and
    how closely."""

    class Level(models.IntegerChoices):
        CONTACT = 1, _("Occasional contact")
        COOPERATION = 2, _("Regular cooperation")
        PARTNERSHIP = 3, _("Close partnership")

    response = models.ForeignKey(Response, related_name="ties", on_delete=models.CASCADE)
    partner = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), related_name="+", on_delete=models.CASCADE
    )
    level = models.PositiveSmallIntegerField(_("how closely"), choices=Level.choices)

    class Meta:
        verbose_name = _("relation")
        verbose_name_plural = _("relations")
        constraints = [
            models.UniqueConstraint(fields=["response", "partner"], name="one_tie_per_partner"),
            models.CheckConstraint(
                condition=models.Q(level__gte=1, level__lte=3), name="tie_level_one_to_three"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.partner} ({self.level})"


class Collaboration(models.Model):
    """A follow-up collaboration on a concrete challenge, and what it needs to go on."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        STARTED = "started", _("Started")
        ONGOING = "ongoing", _("Ongoing")
        PAUSED = "paused", _("Paused")
        ENDED = "ended", _("Ended")

    class Need(models.TextChoices):
        COORDINATION = "coordination", _("Coordination")
        MEETING_PLACE = "meeting_place", _("A meeting place")
        FORUM = "forum", _("A common forum")
        OTHER = "other", _("Other")

    lab = models.ForeignKey(
        Lab, verbose_name=_("lab"), related_name="collaborations", on_delete=models.CASCADE
    )
    workshop = models.ForeignKey(
        Workshop,
        verbose_name=_("started at workshop"),
        related_name="collaborations",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    title = models.CharField(_("title"), max_length=200)
    challenge = models.ForeignKey(
        "missions.Challenge",
        verbose_name=_("challenge in the lab"),
        related_name="collaborations",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    challenge_text = models.CharField(
        _("the concrete challenge"),
        max_length=300,
        blank=True,
        help_text=_("Describe it when it is not among the lab's challenges."),
    )
    description = models.TextField(_("what we will do together"), max_length=5000, blank=True)
    organisations = models.ManyToManyField(
        Organisation, verbose_name=_("organisations"), related_name="collaborations"
    )
    needs = models.JSONField(_("needs"), default=list, blank=True)
    other_need = models.CharField(_("other need"), max_length=200, blank=True)
    contact = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("contact person"),
        related_name="+",
        on_delete=models.PROTECT,
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PROPOSED
    )
    next_meeting = models.DateField(_("next meeting"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("collaboration")
        verbose_name_plural = _("collaborations")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("outcomes:collaboration", args=[self.pk])

    def need_labels(self) -> list[str]:
        labels = dict(self.Need.choices)
        shown = [str(labels[need]) for need in self.needs if need in labels and need != "other"]
        if "other" in self.needs:
            shown.append(self.other_need or str(labels["other"]))
        return shown


class Report(models.Model):
    """A workshop's documentation report, built in the background: its progress is shown on
    the page while it is built."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting to start")
        RUNNING = "running", _("Being built")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

    workshop = models.ForeignKey(
        Workshop, verbose_name=_("workshop"), related_name="reports", on_delete=models.CASCADE
    )
    language = models.CharField(_("language"), max_length=5, default="sv")
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    step = models.CharField(_("step"), max_length=100, blank=True)
    html = models.TextField(_("report"), blank=True)
    pdf = models.FileField(
        _("PDF"), storage=private_storage, upload_to=report_path, blank=True, max_length=200
    )
    error = models.TextField(_("error"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    requested_at = models.DateTimeField(_("requested"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("documentation report")
        verbose_name_plural = _("documentation reports")
        ordering = ["-requested_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.workshop} ({self.get_status_display()})"

    @property
    def is_working(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)
