"""Where collectstatic puts the static files in production: WhiteNoise's compressed files with a
hash in their names (cached for ever), and in our own ES modules the imports rewritten to the
hashed names (``import { Socket } from "../core/socket.js"`` loads ``core/socket.3f2a….js``).

Django finds a module's imports by patterns, which also take a type annotation in a comment
(``import("../htmx")``) for an import; so they are applied to our own apps' files only, and
third-party files keep their text."""

from functools import cached_property
from pathlib import Path

from django.apps import apps
from whitenoise.storage import CompressedManifestStaticFilesStorage

MODULE_PATTERNS = CompressedManifestStaticFilesStorage._js_module_import_aggregation_patterns
MODULE_TEMPLATES = {template for _pattern, template in MODULE_PATTERNS[1]}


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    support_js_module_import_aggregation = True

    @cached_property
    def own_folders(self) -> set[str]:
        """The top folders of the static files of Lärlabb's own apps ("core", "live" …)."""
        folders = set()
        for app in apps.get_app_configs():
            static = Path(app.path) / "static"
            if app.name.split(".")[0] == "larlabb" and static.is_dir():
                folders |= {path.name for path in static.iterdir() if path.is_dir()}
        return folders

    def url_converter(self, name, hashed_files, template=None):
        if template in MODULE_TEMPLATES and name.split("/")[0] not in self.own_folders:
            return lambda match: match["matched"]
        return super().url_converter(name, hashed_files, template)
