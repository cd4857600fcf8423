"""The seven-point scale of goal interactions (Nilsson, Griggs & Visbeck, Nature 534, 2016),
with the labels and one-line definitions shown to scorers in Swedish and English."""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from larlabb.core.numbers import format_signed

QUESTION = _(
    "If progress is made on the row goal, how does it influence progress on the column goal?"
)


@dataclass(frozen=True)
class Step:
    value: int
    label: Promise
    definition: Promise

    @property
    def signed(self) -> str:
        """The value as written on the scale: +3 … 0 … −3 (with a real minus sign)."""
        return format_signed(self.value)


SCALE = (
    Step(3, _("Indivisible"), _("Inextricably linked to the achievement of the other goal.")),
    Step(2, _("Reinforcing"), _("Aids the achievement of the other goal.")),
    Step(1, _("Enabling"), _("Creates conditions that further the other goal.")),
    Step(0, _("Consistent"), _("No significant positive or negative interaction.")),
    Step(-1, _("Constraining"), _("Limits the options for the other goal.")),
    Step(-2, _("Counteracting"), _("Clashes with the other goal.")),
    Step(-3, _("Cancelling"), _("Makes it impossible to reach the other goal.")),
)
VALUES = frozenset(step.value for step in SCALE)
BY_VALUE = {step.value: step for step in SCALE}
SYNERGY = 2  # a consensus at or above this is listed as a synergy
CONFLICT = -1  # at or below this, as a goal conflict


def step_of(value: float) -> int:
    """The step of the scale nearest to a median, halves rounded away from zero (+1.5 → +2,
    −2.5 → −3), so that colour and label agree for every value."""
    step = int(abs(value) + 0.5) * (1 if value >= 0 else -1)
    return max(-3, min(3, step))
