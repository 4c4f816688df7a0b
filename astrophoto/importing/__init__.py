"""
Importing archives: the plumbing every importer shares.

- `values`: clean cells (invisible characters, double-encoded UTF-8, HTML) and read loose
  numbers, rejecting a row with `RowRejected`.
- `sources`: stream records out of CSV/TSV tables and JSON arrays, with file line numbers;
  `SourceError` for a file that cannot be imported at all.
- `runs`: `Importer`, which checks the file, then writes it in batches (one transaction each)
  and accounts for every data row in an `ImportResult`.
- `merge`: `Merge`, which sets a row's values on a record without undoing what people changed
  since it was imported (each imported model has an `imported_values_field()`).
- `command`: `ImportCommand`, the management command over an importer.

It knows nothing of the catalogue, so both `missions` and `gallery` build on it.
"""
