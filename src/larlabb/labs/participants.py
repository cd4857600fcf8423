"""Who takes part in a lab, as the labs app may ask it.

Labs know their organisers and leaders, not their participants: registrations do, and they sit
above labs. The registrations app registers its answers here when it starts
(``RegistrationsConfig.ready``); with no such app installed, nobody takes part.
"""

from collections.abc import Iterable
from typing import Protocol

from larlabb.accounts.http import Visitor
from larlabb.accounts.models import User
from larlabb.labs.models import Lab, Workshop


class Participants(Protocol):
    def takes_part(self, user: Visitor, lab: Lab) -> bool:
        """Whether ``user`` is a participant of ``lab`` (a confirmed registration)."""
        ...

    def concerned_by(self, workshop: Workshop) -> Iterable[User]:
        """The people to tell when ``workshop`` moves or is cancelled."""
        ...


_sources: list[Participants] = []


def register(source: Participants) -> None:
    """Add ``source`` to the answers of who takes part (the registrations app calls this once
    at start-up)."""
    if source not in _sources:
        _sources.append(source)


def takes_part(user: Visitor, lab: Lab) -> bool:
    return any(source.takes_part(user, lab) for source in _sources)


def concerned_by(workshop: Workshop) -> list[User]:
    """The people a change of ``workshop`` concerns, each once, by name."""
    people = {person.pk: person for source in _sources for person in source.concerned_by(workshop)}
    return sorted(people.values(), key=lambda person: (person.name, person.email))
