"""Writes in the live room. Every rule is checked here, on the server, whether the change comes
over HTTP or over the WebSocket; a refused change raises LiveError with a message for the person
and changes nothing. Each change locks its activity's row, so that it sees the activity as it is
now (a closed activity accepts nothing) and its event gets the next number."""

from larlabb.live.actions.breakouts import (
    do_allocate,
    do_move_seat,
    do_set_round,
    room_people,
    seat_violations,
)
from larlabb.live.actions.foresight import (
    do_choose_axes,
    do_rate,
    do_write_narrative,
)
from larlabb.live.actions.notes import (
    do_add_note,
    do_choose_case,
    do_delete_note,
    do_edit_note,
    do_hide_note,
    do_merge_note,
    do_move_note,
)
from larlabb.live.actions.rooms import (
    DEFAULT_COLUMNS,
    MAX_COLUMNS,
    MAX_GROUPS,
    MAX_OPTIONS,
    MAX_ROUNDS,
    check_facilitator,
    check_may_contribute,
    do_create_activity,
    do_join,
    do_join_as_guest,
    do_new_presenter_link,
    do_page_presenter,
    do_present,
    do_revoke_presenter_link,
    do_set,
    do_start_timer,
    do_stop_timer,
    get_or_create_room,
)
from larlabb.live.actions.themes import (
    do_accept_theme,
    do_merge_themes,
    do_reject_theme,
    do_rename_theme,
    do_suggest_themes,
)
from larlabb.live.actions.votes import (
    do_rank,
    do_vote,
)

__all__ = [
    "DEFAULT_COLUMNS",
    "MAX_COLUMNS",
    "MAX_GROUPS",
    "MAX_OPTIONS",
    "MAX_ROUNDS",
    "check_facilitator",
    "check_may_contribute",
    "do_accept_theme",
    "do_add_note",
    "do_allocate",
    "do_choose_axes",
    "do_choose_case",
    "do_create_activity",
    "do_delete_note",
    "do_edit_note",
    "do_hide_note",
    "do_join",
    "do_join_as_guest",
    "do_merge_note",
    "do_merge_themes",
    "do_move_note",
    "do_move_seat",
    "do_new_presenter_link",
    "do_page_presenter",
    "do_present",
    "do_rank",
    "do_rate",
    "do_reject_theme",
    "do_rename_theme",
    "do_revoke_presenter_link",
    "do_set",
    "do_set_round",
    "do_start_timer",
    "do_stop_timer",
    "do_suggest_themes",
    "do_vote",
    "do_write_narrative",
    "get_or_create_room",
    "room_people",
    "seat_violations",
]
