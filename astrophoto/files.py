"""
Stored files follow their rows.

Names are content-addressed, so two uploads of the same file, or a photo deleted and
brought in again, name the same file. A file is therefore deleted only when no committed
row names it, whoever asks (a failed import cleaning up, a deleted photo, a replaced
rendition or portrait): the one who deletes and the one who stores a name both hold that
name's lock (`hold()`) while they look at the rows and touch the file, so neither can act
on what the other has not committed yet. A file made again replaces the old one only once
it is whole.

Shared plumbing, not about the domain: photos (gallery) and portraits and patches
(astrophoto.fields, for missions) are kept in step with their rows the same way; each
says which rows may name a file (`References`).
"""

import hashlib
import logging
import os
from collections.abc import Sequence
from functools import partial

from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, Storage
from django.db import connections, models, router, transaction

logger = logging.getLogger(__name__)


def hold(model, name: str) -> None:
    """
    Take, until the current transaction ends, the lock on the stored file `name` of `model`.

    PostgreSQL: a transaction-level advisory lock keyed by the name. SQLite: every write
    transaction begins IMMEDIATE (settings), holding the database's one write lock, which
    already keeps writers apart; nothing more is taken.
    """
    connection = connections[router.db_for_write(model)]
    if not connection.in_atomic_block:
        raise RuntimeError("hold() takes a lock for a transaction: call it inside atomic().")
    if connection.vendor == "postgresql":
        digest = hashlib.blake2b(name.encode(), digest_size=8).digest()
        key = int.from_bytes(digest, "big", signed=True)
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [key])


# The rows that may name a stored file: (model, file field) pairs, the first one's storage
# holding the files (an original is named by its photo, or kept by a replaced original).
References = Sequence[tuple[type[models.Model], str]]


def delete_file_later(references: References, name: str, *, derived: Sequence[str] = ()) -> None:
    """
    Delete a stored file once the current transaction commits, if no row still names it,
    and with it the files `derived` from it (renditions named after it).
    """
    transaction.on_commit(partial(delete_unreferenced, references, name, derived), robust=True)


def delete_unreferenced(references: References, name: str, derived: Sequence[str] = ()) -> bool:
    """
    Delete the stored file `name`, and the files `derived` from it, now unless a committed
    row names it; say whether it went.
    """
    model, field_name = references[0]
    storage = model._meta.get_field(field_name).storage
    with transaction.atomic(using=router.db_for_write(model)):
        hold(model, name)
        for model, field_name in references:
            if model._default_manager.filter(**{field_name: name}).exists():
                return False
        for stored in (name, *derived):
            storage.delete(stored)
            logger.debug("Deleted %s", stored)
    return True


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
