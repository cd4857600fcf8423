"""The one error of a refused change.

Every action that the rules refuse raises :class:`Refused` (or an app's subclass of it, such as
``RegistrationError``) with a message for the person, already translated into their language.
Views turn it into a form error or a message (:mod:`larlabb.core.views`), consumers into a
reply; it never becomes a 500.
"""


class Refused(Exception):  # noqa: N818 (a refusal, not a fault)
    """A change that the rules refuse; ``message`` is for the person who asked."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message
