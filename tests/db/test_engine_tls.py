"""No TLS to a MySQL server on this machine unless the URL asks for it: PyMySQL's unverified
"preferred" TLS built an SSL context (the system's CA certificates, ~0.8 MB) for every pooled
connection. A remote server keeps PyMySQL's default."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url

from communitybot.db import create_db_engine
from communitybot.db.engine import _tls_args

pytestmark = pytest.mark.mysql_only


def test_a_local_url_without_a_tls_option_connects_without_an_ssl_context(
    database_url: str, node_urls: list[str]
) -> None:
    for failover in ((), node_urls[-1:]):
        engine = create_db_engine(database_url, failover_urls=failover)
        try:
            with engine.connect() as connection:
                assert connection.scalar(text("SELECT 1")) == 1
                pymysql_connection = connection.connection.driver_connection
                assert pymysql_connection is not None
                assert pymysql_connection.ssl is False
                assert getattr(pymysql_connection, "ctx", None) is None
        finally:
            engine.dispose()


def test_a_url_naming_a_tls_option_is_left_to_pymysql(database_url: str) -> None:
    # a CA that is not there: PyMySQL builds its context from it and fails, so it was asked
    asking = make_url(database_url).update_query_dict({"ssl_ca": "/nonexistent/ca.pem"})
    engine = create_db_engine(asking.render_as_string(hide_password=False))
    try:
        with pytest.raises(FileNotFoundError), engine.connect():
            pass
    finally:
        engine.dispose()


@pytest.mark.parametrize(
    ("url", "args"),
    [
        ("mysql+pymysql://bot@127.0.0.1:3306/cb", {"ssl_disabled": True}),
        ("mysql+pymysql://bot@localhost/cb", {"ssl_disabled": True}),
        ("mysql+pymysql://bot@[::1]:3306/cb", {"ssl_disabled": True}),
        ("mysql+pymysql://bot@/cb?unix_socket=/run/mysqld/mysqld.sock", {"ssl_disabled": True}),
        # a remote server: PyMySQL's own "preferred" TLS, not plain text
        ("mysql+pymysql://bot@db.example.org/cb", {}),
        ("mysql+pymysql://bot@10.0.0.5:3306/cb", {}),
        # a TLS option: PyMySQL's, required and verified
        ("mysql+pymysql://bot@127.0.0.1/cb?ssl_ca=/etc/ssl/ca.pem", {}),
    ],
)
def test_only_a_server_on_this_machine_is_reached_without_tls(
    url: str, args: dict[str, object]
) -> None:
    assert _tls_args(make_url(url)) == args
