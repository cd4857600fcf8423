"""The texts that the live room's script chooses or fills in, in the person's language: those
with a ``%(name)s`` for the script to fill (a count, a note's text), a text about a count in
its plural forms, and those it picks by the state (a status, a heading with its count). The
fixed texts of the live room's markup are in its templates (``live/_controls.html``,
``live/_templates.html``)."""

from collections.abc import Callable

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from larlabb.live.models import Activity, Side


def _forms(text: Callable[[int], str]) -> dict[str, str]:
    """A text about a count in the forms the script chooses from by the count with the
    browser's plural rules ("one", "other": the two categories of Swedish and English).
    ``text`` calls ``ngettext`` itself, so that ``makemessages`` finds both forms."""
    return {"one": text(1), "other": text(2)}


def script_strings() -> dict:
    return {
        "sides": dict(Side.choices),
        "status": dict(Activity.Status.choices),
        "reconnecting": _("Connection lost – reconnecting… Nothing you send is lost."),
        "saved": _("Saved."),
        "empty": _("Write something first."),
        "locked": _("The board is locked"),
        "revealed": _("Results shown"),
        "dotsLeft": _forms(
            lambda n: ngettext(
                "%(left)s of %(count)s dot left", "%(left)s of %(count)s dots left", n
            )
        ),
        "voters": _forms(
            lambda n: ngettext("%(count)s person has voted", "%(count)s people have voted", n)
        ),
        # Writing: which form, in which column
        "addNote": _("New note"),
        "addTrend": _("New trend"),
        "addScenarioNote": _("Note on a scenario"),
        "addGroupNote": _("Your group's note on “%(title)s”"),
        "column": _("Column"),
        "category": _("Category"),
        "scenario": _("Scenario"),
        "caseNeedsTitle": _("Give the case a title."),
        # Notes
        "regions": _("Regions"),
        "agencies": _("Agencies"),
        "others": _("Others"),
        "bothSides": _("regions %(regions)s, agencies %(agencies)s"),
        "themeIs": _("Theme: %(label)s"),
        "mergedWith": _("Merged with: %(text)s"),
        "votesOn": _forms(lambda n: ngettext("%(count)s vote", "%(count)s votes", n)),
        "myDots": _("your dots: %(dots)s"),
        "addDot": _("Give a dot to: %(text)s"),
        "removeDot": _("Take a dot back from: %(text)s"),
        "editNote": _("Edit: %(text)s"),
        "editPrompt": _("Your note"),
        "deleteNote": _("Delete: %(text)s"),
        "deleteConfirm": _("Delete your note?"),
        "showNote": _("Show to the room: %(text)s"),
        "hideNote": _("Hide from the room: %(text)s"),
        "chooseNote": _("Choose for a group: %(text)s"),
        "unchooseNote": _("Take back the choice of: %(text)s"),
        "moveNote": _("Move to column: %(text)s"),
        "mergeNote": _("Merge into another note: %(text)s"),
        "notesCount": _forms(lambda n: ngettext("%(count)s note", "%(count)s notes", n)),
        # Votes and rankings
        "options": _("Options"),
        "chooseOption": _("Choose: %(text)s"),
        "moveUp": _("Move up: %(text)s"),
        "moveDown": _("Move down: %(text)s"),
        "points": _forms(lambda n: ngettext("%(count)s point", "%(count)s points", n)),
        # Cases and groups
        "cases": _("Cases"),
        "roundOf": _("Groups, round %(round)s of %(rounds)s"),
        "yourTable": _("Your group: table %(table)s"),
        "tableCase": _("Table %(table)s: %(title)s"),
        "tableShort": _("Table %(table)s"),
        "roundButton": _("Round %(round)s"),
        "movePerson": _("Move %(name)s to"),
        # Foresight
        "impactOf": _("Impact of: %(text)s"),
        "uncertaintyOf": _("Uncertainty of: %(text)s"),
        "rateTrend": _("Save the rating of: %(text)s"),
        "critical": _("critical uncertainty"),
    }
