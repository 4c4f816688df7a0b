"""
The database out of reach, with the site served by gunicorn as in production: public pages
answer 503 with the maintenance page, /healthz says what is wrong, pages that need no
database still work, and service comes back by itself when the database does.
"""

import socket
import time

import pytest
from django.db import connection

from tests.security.servers import Gunicorn, TcpProxy, free_port

# How long the site may take to notice the database is back before the test fails; the
# time it took is printed (pytest -s).
RECOVERY_LIMIT = 60
RECOVERED_PAGES = ["/healthz", "/", "/photos/", "/fr/photos/", "/expeditions/"]
RECOVERED_STREAK = 20


def postgres_reachable() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 5432), timeout=1):
            return True
    except OSError:
        return False


@pytest.fixture
def serve(collected_static, tmp_path):
    servers = []

    def start(database_url: str) -> Gunicorn:
        server = Gunicorn(database_url, static_root=collected_static, media_root=tmp_path / "media")
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.stop()


def assert_in_maintenance(server: Gunicorn):
    for path in ("/", "/photos/?expedition=65", "/fr/missions/", "/photos/ISS065-E-394522/"):
        status, body, headers = server.get(path)
        assert status == 503, (path, status)
        assert "The catalogue is back in a moment" in body or "Le catalogue revient" in body
        assert headers["Retry-After"] == "30"
        assert "Traceback" not in body
    status, body, _headers = server.get("/healthz")
    assert (status, body) == (503, "database: unavailable\n")
    # What needs no database keeps working.
    assert server.get("/robots.txt")[0] == 200


@pytest.mark.parametrize(
    "database_url",
    [
        pytest.param(
            lambda tmp: f"postgres://postgres@127.0.0.1:{free_port()}/astrophoto",
            id="postgres-closed-port",
        ),
        pytest.param(lambda tmp: f"sqlite:///{tmp}", id="sqlite-unopenable-file"),
    ],
)
def test_an_unreachable_database_gives_the_maintenance_page(serve, tmp_path, database_url):
    # A folder where the SQLite file should be cannot be opened as a database.
    server = serve(database_url(tmp_path))

    assert_in_maintenance(server)


@pytest.mark.skipif(not postgres_reachable(), reason="no PostgreSQL server at 127.0.0.1:5432")
@pytest.mark.django_db
def test_service_recovers_by_itself_when_postgresql_returns(serve, capsys):
    if connection.vendor != "postgresql":
        pytest.skip("the suite runs on SQLite: no PostgreSQL test database to serve from")
    proxy = TcpProxy(("127.0.0.1", int(connection.settings_dict["PORT"] or 5432)))
    proxy.start()
    # The suite's migrated test database (named as Django names it while tests run).
    database = connection.settings_dict["NAME"]
    if not database.startswith("test_"):
        database = connection.creation._get_test_db_name()
    server = serve(f"postgres://postgres@127.0.0.1:{proxy.port}/{database}")
    try:
        assert server.get("/healthz")[:2] == (200, "ok\n")
        assert server.get("/photos/")[0] == 200

        proxy.stop()
        assert_in_maintenance(server)

        proxy.start()
        returned = time.monotonic()
        # Back means every worker answers: a streak of pages, which the workers share.
        streak, recovered = 0, None
        while streak < RECOVERED_STREAK:
            assert time.monotonic() - returned < RECOVERY_LIMIT, "the site did not recover"
            if server.get(RECOVERED_PAGES[streak % len(RECOVERED_PAGES)])[0] == 200:
                if streak == 0:
                    recovered = time.monotonic() - returned
                streak += 1
            else:
                streak = 0
                time.sleep(0.25)
    finally:
        proxy.stop()
    with capsys.disabled():
        print(f"\nsite recovered {recovered:.1f} s after PostgreSQL came back")
