#!/usr/bin/env bash
# Prove a backup restores: back up a live astrophoto (ops/backup.sh), restore it into a new
# empty database and media folder (ops/restore.sh), then compare the row count of every
# table and the hash of every media file. Exits 1 on any difference.
#
#   ops/check-backup.sh DATABASE_URL MEDIA_ROOT
#
# The scratch database (the source's name + _restore_check) is dropped afterwards.
set -euo pipefail
cd "$(dirname "$0")"
# Keep psql's notices (DROP ... IF EXISTS of nothing) out of the report.
export PGOPTIONS="--client-min-messages=warning"

if [ $# -ne 2 ]; then
    echo "usage: $0 DATABASE_URL MEDIA_ROOT" >&2
    exit 2
fi
source_url=$1 source_media=$2
scratch=$(mktemp -d)
restore_url="${source_url}_restore_check"
server_url="${source_url%/*}/postgres"
restore_name="${restore_url##*/}"

cleanup() {
    psql "$server_url" --no-psqlrc --quiet --command "DROP DATABASE IF EXISTS \"$restore_name\"" >/dev/null
    rm -rf "$scratch"
}
trap cleanup EXIT

row_counts() {
    local url=$1 table
    for table in $(psql "$url" --no-psqlrc --tuples-only --no-align --command \
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"); do
        printf '%s %s\n' "$table" "$(psql "$url" --no-psqlrc --tuples-only --no-align \
            --command "SELECT count(*) FROM \"$table\"")"
    done
}

media_hashes() {
    (cd "$1" && find . -type f -print0 | sort -z | xargs -0 -r sha256sum)
}

./backup.sh "$source_url" "$source_media" "$scratch/backup"
psql "$server_url" --no-psqlrc --quiet --command "DROP DATABASE IF EXISTS \"$restore_name\"" >/dev/null
psql "$server_url" --no-psqlrc --quiet --command "CREATE DATABASE \"$restore_name\""
./restore.sh "$scratch/backup" "$restore_url" "$scratch/media"

row_counts "$source_url" > "$scratch/rows.source"
row_counts "$restore_url" > "$scratch/rows.restored"
media_hashes "$source_media" > "$scratch/media.source"
media_hashes "$scratch/media" > "$scratch/media.restored"

status=0
if ! diff -u "$scratch/rows.source" "$scratch/rows.restored"; then
    echo "check-backup: row counts differ after restore" >&2
    status=1
fi
if ! diff -u "$scratch/media.source" "$scratch/media.restored"; then
    echo "check-backup: media files differ after restore" >&2
    status=1
fi
if [ "$status" = 0 ]; then
    echo "check-backup: $(wc -l < "$scratch/rows.source") tables with $(awk '{n += $2} END {print n}' "$scratch/rows.source") rows and $(wc -l < "$scratch/media.source") media files restored identically"
fi
exit $status
