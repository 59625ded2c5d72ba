"""TLS to MySQL only when the URL asks for it: PyMySQL's unverified "preferred" TLS built an SSL
context (the system's CA certificates, ~0.8 MB) for every pooled connection."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url

from communitybot.db import create_db_engine

pytestmark = pytest.mark.mysql_only


def test_a_url_without_a_tls_option_connects_without_an_ssl_context(
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
