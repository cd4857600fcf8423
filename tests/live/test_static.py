"""The live room's scripts are ES modules that import each other; in production their files
have a hash in their names (WhiteNoise), so collectstatic rewrites the imports to the hashed
names, in our own modules only: a third-party file keeps its text."""

import re
from pathlib import Path

from django.contrib.staticfiles import finders
from django.core.files.base import ContentFile

from larlabb.core.storage import StaticFilesStorage

OURS = [
    "core/socket.js",
    *(f"live/{path.name}" for path in Path(finders.find("live/main.js")).parent.glob("*.js")),
    "synergies/live.js",
]
THEIRS = "django_htmx/ext/hx-sse-2.js"  # a type annotation in a comment reads import("../htmx")


def collect(tmp_path, names) -> StaticFilesStorage:
    storage = StaticFilesStorage(location=tmp_path, base_url="/static/")
    for name in names:
        storage.save(name, ContentFile(Path(finders.find(name)).read_bytes()))
    for name, _hashed, processed in storage.post_process({n: (storage, n) for n in names}):
        assert not isinstance(processed, Exception), name
    return storage


def text(storage: StaticFilesStorage, name: str) -> str:
    """The collected file of ``name``, by its hashed name."""
    return Path(storage.path(storage.stored_name(name))).read_text()


def test_the_modules_import_each_other_by_their_hashed_names(tmp_path):
    storage = collect(tmp_path, [*OURS, THEIRS])
    main = text(storage, "live/main.js")
    socket = storage.stored_name("core/socket.js")
    assert re.fullmatch(r"core/socket\.[0-9a-f]{12}\.js", socket)
    assert f'import {{ BEHIND, Socket }} from "../{socket}";' in main
    imported = re.findall(r'^import .* from "(.*)";$', main, re.MULTILINE)
    assert imported
    assert all(re.search(r"\.[0-9a-f]{12}\.js$", path) for path in imported), imported
    synergies = text(storage, "synergies/live.js")
    assert f'from "../{socket}";' in synergies
    assert text(storage, THEIRS) == Path(finders.find(THEIRS)).read_text()
