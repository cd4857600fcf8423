"""Writes on synergy maps: goal catalogues, sessions, groups and scores. Every rule is checked
here, on the server; a refused write raises SynergyError with a message for the user. Django's
admin never changes what these actions guard (see ``admin.py``)."""

from collections.abc import Sequence
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from larlabb.accounts.models import User
from larlabb.core.errors import Refused
from larlabb.core.realtime import send_after_commit
from larlabb.labs.access import is_organiser
from larlabb.labs.models import Lab, Workshop
from larlabb.synergies import queries, rules, scale
from larlabb.synergies.models import (
    Catalogue,
    Goal,
    MappingSession,
    Score,
    ScorerGroup,
    SessionGoal,
)


class SynergyError(Refused):
    """A change to a synergy map that the rules refuse."""


def live_group(session_id: int) -> str:
    """The channel-layer group of a session's live views."""
    return f"synergies-{session_id}"


def notify_scores_changed(session_id: int) -> None:
    """Tell the session's open results pages, after the commit, that new scores have arrived."""
    send_after_commit(live_group(session_id), {"type": "scores.changed"})


# --- Catalogues ---------------------------------------------------------------------------


REFERENCE_CATALOGUES = {"sdgs", "strategy-areas"}


def check_organiser(actor: User) -> None:
    if not actor.is_organiser:
        raise SynergyError(_("Only organisers manage goal catalogues."))


def check_may_change(actor: User, catalogue: Catalogue) -> None:
    """The reference catalogues come from shared data and are the same for every lab."""
    check_organiser(actor)
    if catalogue.key in REFERENCE_CATALOGUES:
        raise SynergyError(_("The reference catalogues cannot be changed here."))


def do_create_catalogue(
    *,
    actor: User,
    key: str,
    name: str,
    name_en: str = "",
    description: str = "",
    source: str = "",
) -> Catalogue:
    """An organiser's own catalogue of goals (a region's strategy, say); its goals are added
    one by one or from a file."""
    check_organiser(actor)
    if Catalogue.objects.filter(key=key).exists():
        raise SynergyError(_("A catalogue with the key “%(key)s” exists already.") % {"key": key})
    return Catalogue.objects.create(
        key=key, name=name, name_en=name_en, description=description, source=source
    )


@dataclass(frozen=True)
class GoalRow:
    line: int
    code: str
    title: str
    title_en: str


def check_goal_rows(rows: list[dict[str, str]]) -> tuple[list[GoalRow], list[str]]:
    """Check the rows of a goal file (columns code, title, title_en): every bad line is
    reported with its number and reason; blank lines keep their number."""
    errors: list[str] = []
    goals: list[GoalRow] = []
    if rows and not {"code", "title"} <= set(rows[0]):
        return [], [_("The file lacks the columns: code, title.")]
    seen: dict[str, int] = {}
    for line, row in enumerate(rows, start=2):
        value = {key: (row.get(key) or "").strip() for key in ("code", "title", "title_en")}
        if not any(value.values()):
            continue
        problems = []
        if not value["code"] or len(value["code"]) > 20:
            problems.append(_("the code must be 1–20 characters."))
        if not value["title"] or len(value["title"]) > 300:
            problems.append(_("the title must be 1–300 characters."))
        if len(value["title_en"]) > 300:
            problems.append(_("the English title is longer than 300 characters."))
        if value["code"] in seen:
            problems.append(
                _("the code %(code)s is also on line %(other)d.")
                % {"code": value["code"], "other": seen[value["code"]]}
            )
        errors.extend(
            _("Line %(line)d: %(problem)s") % {"line": line, "problem": p} for p in problems
        )
        if not problems:
            seen[value["code"]] = line
            goals.append(GoalRow(line, value["code"], value["title"], value["title_en"]))
    if not goals and not errors:
        errors.append(_("The file has no rows."))
    return ([] if errors else goals), errors


@transaction.atomic
def do_import_goals(*, actor: User, catalogue: Catalogue, rows: list[dict[str, str]]) -> list[str]:
    """Create or update the goals of a checked file in ``catalogue``; a file with any bad
    line imports nothing. Returns the errors (empty when the file was imported)."""
    check_may_change(actor, catalogue)
    goals, errors = check_goal_rows(rows)
    if errors:
        return errors
    existing = set(catalogue.goals.values_list("code", flat=True))
    position = catalogue.goals.count()
    for row in goals:
        values = {"title": row.title, "title_en": row.title_en}
        if row.code in existing:
            Goal.objects.filter(catalogue=catalogue, code=row.code).update(**values)
        else:
            position += 1
            Goal.objects.create(catalogue=catalogue, code=row.code, position=position, **values)
    return []


def do_add_goal(
    *, actor: User, catalogue: Catalogue, code: str, title: str, title_en: str = ""
) -> Goal:
    check_may_change(actor, catalogue)
    if catalogue.goals.filter(code=code).exists():
        raise SynergyError(
            _("The catalogue has a goal with the code %(code)s already.") % {"code": code}
        )
    return Goal.objects.create(
        catalogue=catalogue,
        code=code,
        title=title,
        title_en=title_en,
        position=catalogue.goals.count() + 1,
    )


# --- Sessions -----------------------------------------------------------------------------


def check_group_count(group_count: int, goal_count: int) -> None:
    """A session is split among 1 … MAX_GROUPS groups, and never more groups than rows."""
    most = min(rules.MAX_GROUPS, goal_count)
    if not 1 <= group_count <= most:
        raise SynergyError(_("The number of groups must be between 1 and %(max)d.") % {"max": most})


@transaction.atomic
def do_create_session(
    *,
    actor: User,
    lab: Lab,
    title: str,
    goals: Sequence[Goal],
    workshop: Workshop | None = None,
    question: str = "",
    group_count: int = 1,
    show_individual_scores: bool = False,
) -> MappingSession:
    if not is_organiser(actor, lab):
        raise SynergyError(_("Only the lab's organisers create synergy maps."))
    goals = list(dict.fromkeys(goals))
    if not rules.MIN_GOALS <= len(goals) <= rules.MAX_GOALS:
        raise SynergyError(
            _("Choose between %(min)d and %(max)d goals; you chose %(chosen)d.")
            % {"min": rules.MIN_GOALS, "max": rules.MAX_GOALS, "chosen": len(goals)}
        )
    check_group_count(group_count, len(goals))
    if workshop is not None and workshop.lab_id != lab.pk:
        raise SynergyError(_("The workshop belongs to another lab."))
    session = MappingSession.objects.create(
        lab=lab,
        workshop=workshop,
        title=title,
        question=question,
        group_count=group_count,
        show_individual_scores=show_individual_scores,
        created_by=actor,
    )
    SessionGoal.objects.bulk_create(
        SessionGoal(session=session, goal=goal, position=position)
        for position, goal in enumerate(goals, start=1)
    )
    return session


def do_set_status(*, actor: User, session: MappingSession, status: str) -> None:
    """Close a session (scores are frozen) or open it again."""
    if not queries.can_run(actor, session):
        raise SynergyError(_("Only the people who run the session open and close it."))
    if status not in MappingSession.Status.values:
        raise SynergyError(_("Unknown status."))
    session.status = status
    session.closed_at = timezone.now() if status == MappingSession.Status.CLOSED else None
    session.save(update_fields=["status", "closed_at"])
    notify_scores_changed(session.pk)


def do_set_groups(*, actor: User, session: MappingSession, group_count: int) -> None:
    """Split the rows among ``group_count`` groups (1: everyone scores every row). The people
    who run the session decide it before the scoring starts; the groups people chose are
    cleared."""
    if not queries.can_run(actor, session):
        raise SynergyError(_("Only the people who run the session split it among groups."))
    check_group_count(group_count, session.session_goals.count())
    if session.scores.exists():
        raise SynergyError(_("The scoring has started; the groups can no longer be changed."))
    with transaction.atomic():
        session.group_count = group_count
        session.save(update_fields=["group_count"])
        session.scorer_groups.all().delete()


def do_set_visibility(*, actor: User, session: MappingSession, show: bool) -> None:
    if not is_organiser(actor, session.lab):
        raise SynergyError(_("Only the lab's organisers choose who sees individual scores."))
    session.show_individual_scores = show
    session.save(update_fields=["show_individual_scores"])


def do_choose_group(*, actor: User, session: MappingSession, number: int) -> None:
    """A scorer takes a group (a block of rows); they may change it while the session is open."""
    check_may_score(actor, session)
    if not 0 <= number < session.group_count:
        raise SynergyError(_("There is no such group."))
    chosen = queries.group_of(actor, session)
    if chosen is not None and chosen != number and session.scores.filter(scorer=actor).exists():
        raise SynergyError(_("You have scored rows of your group already, so you stay in it."))
    ScorerGroup.objects.update_or_create(session=session, scorer=actor, defaults={"number": number})


# --- Scores -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Entry:
    """One cell of a row as the scorer gave it; value None clears the cell."""

    column_id: int
    value: int | None
    certainty: str = ""
    comment: str = ""


def check_may_score(actor: User, session: MappingSession) -> None:
    if not queries.can_score(actor, session):
        raise SynergyError(_("Only the lab's participants score."))
    if not session.is_open:
        raise SynergyError(_("The session is closed; scores can no longer be changed."))


def check_entries(
    *,
    session: MappingSession,
    goals: list[Goal],
    row: Goal,
    allowed_rows: range,
    entries: Sequence[Entry],
) -> None:
    positions = {goal.pk: index for index, goal in enumerate(goals)}
    if row.pk not in positions:
        raise SynergyError(_("The goal is not part of this session."))
    if positions[row.pk] not in allowed_rows:
        raise SynergyError(_("This row belongs to another group."))
    for entry in entries:
        if entry.column_id not in positions or entry.column_id == row.pk:
            raise SynergyError(_("The goal is not part of this session."))
        if entry.value is not None and entry.value not in scale.VALUES:
            raise SynergyError(_("A score must be a whole number from −3 to +3."))
        if entry.certainty not in ("", *Score.Certainty.values):
            raise SynergyError(_("Unknown certainty."))
        if len(entry.comment) > 500:
            raise SynergyError(_("A comment may be at most 500 characters."))


def do_save_scores(
    *, actor: User, session: MappingSession, row: Goal, entries: Sequence[Entry]
) -> int:
    """Save the scorer's own scores of one row (one or many cells); returns how many cells of
    the row are scored now. Nobody can write another person's scores: the scorer is the actor."""
    check_may_score(actor, session)
    goals = queries.session_goals(session)
    rows = queries.rows_of(session, len(goals), queries.group_of(actor, session))
    check_entries(session=session, goals=goals, row=row, allowed_rows=rows, entries=entries)
    with transaction.atomic():
        for entry in entries:
            if entry.value is None:
                Score.objects.filter(
                    session=session, scorer=actor, row=row, column_id=entry.column_id
                ).delete()
                continue
            try:
                with transaction.atomic():
                    Score.objects.update_or_create(
                        session=session,
                        scorer=actor,
                        row=row,
                        column_id=entry.column_id,
                        defaults={
                            "value": entry.value,
                            "certainty": entry.certainty,
                            "comment": entry.comment.strip(),
                        },
                    )
            except IntegrityError:  # the same cell saved twice at once: the later one wins
                Score.objects.filter(
                    session=session, scorer=actor, row=row, column_id=entry.column_id
                ).update(
                    value=entry.value, certainty=entry.certainty, comment=entry.comment.strip()
                )
        notify_scores_changed(session.pk)
    return Score.objects.filter(session=session, scorer=actor, row=row).count()
