"""
Importing archives: the plumbing every importer shares.

- `values`: clean cells (invisible characters, double-encoded UTF-8, HTML) and read loose
  numbers, rejecting a row with `RowRejected`.
- `sources`: stream records out of CSV/TSV tables and JSON arrays, with file line numbers;
  `SourceError` for a file that cannot be imported at all.
- `runs`: `Importer`, which checks the file, then writes it in batches (one transaction each)
  and accounts for every data row in an `ImportResult`.
- `command`: `ImportCommand`, the management command over an importer.

It knows nothing of the catalogue, so both `missions` and `gallery` build on it.
"""
