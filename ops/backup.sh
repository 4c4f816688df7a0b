#!/usr/bin/env bash
# Back up astrophoto: the PostgreSQL database (pg_dump, custom format) and the media folder.
#
#   ops/backup.sh DATABASE_URL MEDIA_ROOT BACKUP_DIR
#
# Writes BACKUP_DIR/database.dump, BACKUP_DIR/media.tar and BACKUP_DIR/media.sha256 (a hash
# of every media file, checked again on restore). The database is dumped first: media files
# are only ever added under new names while rows refer to them, so files taken after the dump
# cover every row in it. See docs/operations.md.
set -euo pipefail

if [ $# -ne 3 ]; then
    echo "usage: $0 DATABASE_URL MEDIA_ROOT BACKUP_DIR" >&2
    exit 2
fi
database_url=$1 media_root=$2 backup_dir=$3

mkdir -p "$backup_dir"
pg_dump --format=custom --no-owner --no-privileges --file="$backup_dir/database.dump" "$database_url"
tar --create --file="$backup_dir/media.tar" --directory="$media_root" .
(cd "$media_root" && find . -type f -print0 | sort -z | xargs -0 -r sha256sum) > "$backup_dir/media.sha256"
echo "backed up to $backup_dir: database.dump ($(du -h "$backup_dir/database.dump" | cut -f1)), media.tar ($(wc -l < "$backup_dir/media.sha256") files)"
