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
        # What the status region says: one's own results and the room's changes
        "noteSent": _("Your note is posted."),
        "sending": _("Sending: “%(text)s”"),
        "waitingForConnection": _(
            "Waiting for the connection: “%(text)s”. It is sent when the connection is back."
        ),
        "caseSent": _("Your case is proposed."),
        "deleted": _("Your note is deleted."),
        "noteHidden": _("The note is hidden from the room."),
        "noteShown": _("The note is shown to the room."),
        "noteMoved": _("The note is moved to “%(column)s”."),
        "merged": _("Merged."),
        "choiceSaved": _("Your choice is saved."),
        "choiceTakenBack": _("Your choice is taken back."),
        "rankingSaved": _("Your ranking is saved."),
        "rankNow": _("Now in place %(place)s of %(last)s."),
        "ratingSaved": _("Your rating is saved."),
        "themeAccepted": _("The theme is accepted."),
        "themeRenamed": _("The theme is renamed."),
        "themeRejected": _("The theme is rejected."),
        "themesSuggested": _("The suggested themes are below."),
        "noGroup": _("No group"),
        "newGroup": _("New group…"),
        "newGroupPrompt": _("Name of the new group"),
        "suggestedGroup": _("%(label)s (suggested)"),
        "groupNote": _("Group of the note “%(text)s”"),
        "groupNoteGo": _("Move to group: “%(text)s”"),
        "noteGrouped": _("The note is in the group “%(group)s”."),
        "noteUngrouped": _("The note is in no group now."),
        "themeCreated": _("The group “%(label)s” is made."),
        "themeSplit": _("The group is split in two."),
        "splitTheme": _("Split the group “%(label)s” in two"),
        "themesQueued": _forms(
            lambda n: ngettext(
                "The themes are being suggested for %(count)s note. "
                "This page shows how far it has come.",
                "The themes are being suggested for %(count)s notes. "
                "This page shows how far it has come.",
                n,
            )
        ),
        "themeRunQueued": _("The theme suggestions are waiting to start."),
        "themeRunRunning": _forms(
            lambda n: ngettext(
                "Reading the notes for theme suggestions: %(done)s of %(count)s.",
                "Reading the notes for theme suggestions: %(done)s of %(count)s.",
                n,
            )
        ),
        "themeRunFailed": _("The theme suggestions could not be made. Try again."),
        "sharedFound": _forms(
            lambda n: ngettext(
                "%(count)s pair of notes may be shared ground.",
                "%(count)s pairs of notes may be shared ground.",
                n,
            )
        ),
        "sharedPairsNone": _("No region and agency notes say nearly the same thing yet."),
        "similarity": _("Similarity %(percent)s/100"),
        "mergeShared": _("Merge into shared ground: “%(text)s”"),
        "dismissShared": _("Not the same: “%(text)s”"),
        "roundShown": _("Round %(round)s is shown."),
        "personMoved": _("%(name)s is moved to table %(table)s."),
        "newNotes": _forms(lambda n: ngettext("%(count)s new note", "%(count)s new notes", n)),
        "otherActivityShown": _(
            "The facilitator is showing another activity now. What you have written here is kept."
        ),
        "changes": {
            "status": {"open": _("The activity is open."), "closed": _("The activity is closed.")},
            "locked": {"true": _("The board is locked."), "false": _("The board is open again.")},
            "voting_open": {
                "true": _("The voting is open."),
                "false": _("The voting is closed."),
            },
            "rating_open": {
                "true": _("The rating is open."),
                "false": _("The rating is closed."),
            },
            "revealed": {
                "true": _("The results are shown."),
                "false": _("The results are hidden."),
            },
            "participants_group": {
                "true": _("The participants may group the notes now."),
                "false": _("Only facilitators group the notes now."),
            },
        },
        # The room's countdown
        "timerStarted": _("The timer is started: %(time)s."),
        "timerStopped": _("The timer is stopped."),
        "timeUp": _("Time is up"),
        "timerMinutes": _("Write the timer's minutes as a number, such as 5."),
        # The facilitator's desk
        "nextActivity": _("Next: %(title)s"),
        "previousActivity": _("Previous: %(title)s"),
        "nowShown": _("“%(title)s” is shown on the big screen and the phones."),
        # The presenter screen
        "pageOf": _("page %(page)s of %(pages)s"),
        "sharedGround": _("Where the perspectives meet"),
        "sharedNone": _("Nothing shared yet."),
        "resultsLater": _("The results show when the facilitator shows them."),
        "placeSpread": _("places %(best)s–%(worst)s"),
        "placeOnly": _("place %(place)s"),
        "uncertaintyAxis": _("Uncertainty"),
        "impactAxis": _("Impact"),
        "chartLabel": _(
            "Impact against uncertainty of each trend; the numbered list gives the same."
        ),
        "means": _("impact %(impact)s, uncertainty %(uncertainty)s"),
        # Pausing the room's updates
        "pause": _("Pause updates"),
        "resume": _("Resume updates"),
        "resumeWith": _forms(
            lambda n: ngettext(
                "Resume updates (%(count)s change)", "Resume updates (%(count)s changes)", n
            )
        ),
        "pausedNow": _("Updates are paused. What you do yourself still shows."),
        "resumedNow": _("Updates are on again."),
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
        "moveNote": _("Column to move to: %(text)s"),
        "moveNoteGo": _("Move: %(text)s"),
        "mergeNote": _("Note to merge with: %(text)s"),
        "mergeNoteGo": _("Merge: %(text)s"),
        "mergeInto": _("Merge with…"),
        "chooseMerge": _("Choose the note to merge with first."),
        "mergeConfirm": _("Merge “%(text)s” into “%(into)s”? This cannot be undone."),
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
        "movePerson": _("Table for %(name)s"),
        "movePersonGo": _("Move %(name)s"),
        # Foresight
        "impactOf": _("Impact of: %(text)s"),
        "uncertaintyOf": _("Uncertainty of: %(text)s"),
        "rateTrend": _("Save the rating of: %(text)s"),
        "critical": _("critical uncertainty"),
        # Themes (the facilitator's)
        "themeLabelOf": _("Label of the theme: %(label)s"),
        "themeMergeConfirm": _("Merge the theme “%(label)s” into “%(into)s”?"),
        "opinions": opinion_strings(),
    }


def opinion_strings() -> dict:
    """The opinion map's texts (opinions.js, and its view on the presenter screen)."""
    return {
        "answers": {"1": _("Agree"), "-1": _("Disagree"), "0": _("Pass / unsure")},
        "statement": _("Your statement"),
        "addStatement": _("New statement"),
        "proposeStatement": _("Propose a statement"),
        "statementAdded": _("The statement is shown to the room."),
        "statementSent": _(
            "Your statement is sent. The room sees it once the facilitator has approved it."
        ),
        "statementOf": _forms(
            lambda n: ngettext(
                "Statement %(number)s of %(count)s", "Statement %(number)s of %(count)s", n
            )
        ),
        "allAnswered": _("You have answered every statement. You can change an answer below."),
        "noStatements": _("No statements yet."),
        "answeringClosed": _("The activity is not open for answers."),
        "answeredOf": _forms(
            lambda n: ngettext(
                "You have answered %(answered)s of %(count)s.",
                "You have answered %(answered)s of %(count)s.",
                n,
            )
        ),
        "answerSaved": _("Saved: %(answer)s."),
        "nextStatement": _("Next: %(text)s"),
        "yourAnswers": _forms(
            lambda n: ngettext("Your answers (%(count)s)", "Your answers (%(count)s)", n)
        ),
        "changeAnswer": _("Change the answer to: %(text)s"),
        "waitingForApproval": _("Your statements waiting for the facilitator's approval"),
        "awaitingApproval": _forms(
            lambda n: ngettext(
                "Waiting for approval (%(count)s)", "Waiting for approval (%(count)s)", n
            )
        ),
        "statementsShown": _forms(
            lambda n: ngettext(
                "Statement shown to the room (%(count)s)",
                "Statements shown to the room (%(count)s)",
                n,
            )
        ),
        "statements": _("Statements"),
        "mapLater": _("The opinion map shows when the facilitator shows the results."),
    }
