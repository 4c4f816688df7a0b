import os
import subprocess
import sys
from pathlib import Path

import pytest

from astrophoto.settings import database_from_url

ROOT = Path(__file__).resolve().parent.parent


def run_manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "SECRET_KEY", "DEBUG"}
    }
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_postgres_url_gives_psycopg_settings_with_a_pool():
    database = database_from_url("DATABASE_URL", "postgres://ann:p%40ss@db.example:6543/photos")

    assert database["ENGINE"] == "django.db.backends.postgresql"
    assert (database["NAME"], database["USER"], database["PASSWORD"]) == ("photos", "ann", "p@ss")
    assert (database["HOST"], database["PORT"]) == ("db.example", "6543")
    assert database["OPTIONS"]["pool"]["max_size"] >= database["OPTIONS"]["pool"]["min_size"]
    assert database["CONN_MAX_AGE"] == 0


def test_sqlite_url_takes_an_absolute_path(tmp_path):
    assert str(tmp_path).startswith("/")
    database = database_from_url("DATABASE_URL", f"sqlite://{tmp_path}/catalogue.db")

    assert database["ENGINE"] == "django.db.backends.sqlite3"
    assert database["NAME"] == tmp_path / "catalogue.db"
    assert database_from_url("DATABASE_URL", f"sqlite:///{tmp_path}/catalogue.db") == database


@pytest.mark.parametrize(
    "url",
    [
        "mysql://root@localhost/photos",
        "postgres://",
        "postgres://localhost",
        "postgres://localhost:port/photos",
        "sqlite://relative.db",
        "sqlite:///",
        "not a url",
    ],
)
def test_malformed_or_unsupported_url_stops_naming_the_variable(url):
    with pytest.raises(SystemExit) as stopped:
        database_from_url("DATABASE_URL", url)

    message = str(stopped.value)
    assert "DATABASE_URL" in message
    assert "\n" not in message


def test_bad_database_url_stops_start_up_with_one_line():
    result = run_manage("check", DATABASE_URL="mysql://root@localhost/photos", DEBUG="1")

    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        "astrophoto: DATABASE_URL has unsupported scheme 'mysql' (use postgres:// or sqlite:///)"
    ]


def test_start_up_without_secret_key_fails_when_debug_is_off():
    result = run_manage("check", DEBUG="0")

    assert result.returncode == 1
    assert "SECRET_KEY is not set" in result.stderr
    assert "Traceback" not in result.stderr


def test_start_up_with_secret_key_and_debug_off_succeeds(tmp_path):
    result = run_manage(
        "check", DEBUG="0", SECRET_KEY="x" * 50, DATABASE_URL=f"sqlite:///{tmp_path}/db.sqlite3"
    )

    assert result.returncode == 0, result.stderr
