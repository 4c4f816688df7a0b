#!/usr/bin/env bash
# Restore an astrophoto backup made by ops/backup.sh into an EMPTY database and media folder.
#
#   ops/restore.sh BACKUP_DIR DATABASE_URL MEDIA_ROOT
#
# The database must exist and be empty (createdb NAME); the media folder must be empty or
# absent. Every restored media file is checked against the backup's hashes.
set -euo pipefail

if [ $# -ne 3 ]; then
    echo "usage: $0 BACKUP_DIR DATABASE_URL MEDIA_ROOT" >&2
    exit 2
fi
backup_dir=$1 database_url=$2 media_root=$3

tables=$(psql "$database_url" --no-psqlrc --tuples-only --no-align \
    --command "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")
if [ "$tables" != "0" ]; then
    echo "restore: the database already has $tables tables; restore into an empty one" >&2
    exit 1
fi
if [ -d "$media_root" ] && [ -n "$(ls -A "$media_root")" ]; then
    echo "restore: $media_root is not empty" >&2
    exit 1
fi

pg_restore --no-owner --no-privileges --exit-on-error --dbname="$database_url" "$backup_dir/database.dump"
mkdir -p "$media_root"
tar --extract --file="$backup_dir/media.tar" --directory="$media_root"
(cd "$media_root" && sha256sum --check --quiet --strict -) < "$backup_dir/media.sha256"
echo "restored $backup_dir into $database_url and $media_root"
