"""Where submitted files live: outside the web root (``PRIVATE_ROOT``), with no address of their
own, so that only a view that checks who asks can serve them."""

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.deconstruct import deconstructible


@deconstructible
class PrivateStorage(FileSystemStorage):
    """A file system storage under ``settings.PRIVATE_ROOT``, read when used (so tests and
    deployments can move it), and without URLs."""

    def __init__(self) -> None:
        super().__init__(base_url=None)

    @property
    def base_location(self) -> str:
        return str(settings.PRIVATE_ROOT)

    @property
    def location(self) -> str:
        return os.path.abspath(self.base_location)

    def url(self, name: str | None) -> str:
        raise ValueError("private files have no public address")


private_storage = PrivateStorage()
