"""
Stored files follow their rows: a file is removed only once the transaction that stopped
naming it commits, and only when no row names it any more, since content-addressed names
can come back (the same photo uploaded again, a rendition made again); and a file made
again replaces the old one only once it is whole.

Shared plumbing, not about the domain: photos (gallery) and portraits and patches
(astrophoto.fields, for missions) are kept in step with their rows the same way.
"""

import logging
import os
from collections.abc import Sequence
from functools import partial

from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, Storage
from django.db import transaction

logger = logging.getLogger(__name__)


def delete_file_later(model, field_name: str, name: str, *, derived: Sequence[str] = ()) -> None:
    """
    Delete a stored file once the current transaction commits, if no row still uses it,
    and with it the files `derived` from it that no row names (renditions named after it).
    """
    transaction.on_commit(
        partial(_delete_unreferenced, model, field_name, name, derived), robust=True
    )


def _delete_unreferenced(model, field_name: str, name: str, derived: Sequence[str] = ()) -> None:
    if model._default_manager.filter(**{field_name: name}).exists():
        return
    storage = model._meta.get_field(field_name).storage
    for stored in (name, *derived):
        storage.delete(stored)
        logger.debug("Deleted %s", stored)


def replace_file(storage: Storage, name: str, data: bytes) -> str:
    """
    Store `data` under `name`, replacing a file already there only once the new one is
    whole, so that a failed write leaves the old file as it was. Return the stored name.

    A folder gets the new file under a free name beside the old one, then moved over it in
    one step; an object store replaces an object whole by itself.
    """
    if isinstance(storage, FileSystemStorage):
        written = storage.save(f"{name}.partial", ContentFile(data))
        try:
            os.replace(storage.path(written), storage.path(name))
        except OSError:
            storage.delete(written)
            raise
        return name
    return storage.save(name, ContentFile(data))
