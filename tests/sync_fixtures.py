"""Fixtures for the sync server: a real PostgreSQL, a fresh database per test, the app on loopback.

The cluster starts once per session (only when a test asks for it); the schema is
migrated once into a template database, and each test gets a copy of it.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest

from app.server.config import ServerConfig
from app.server.db import make_engine, make_sessionmaker
from app.server.migrate import upgrade
from app.server.testing import PostgresCluster, ThreadedServer, running_cluster
from app.services.sync.api import HttpTransport, SyncApi

TEMPLATE = "propono_template"


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[PostgresCluster]:
    with running_cluster() as cluster:
        cluster.admin(f'CREATE DATABASE "{TEMPLATE}"')
        upgrade(cluster.url(TEMPLATE))
        yield cluster


@pytest.fixture
def server_config(pg_cluster: PostgresCluster) -> Iterator[ServerConfig]:
    name = pg_cluster.create_database(template=TEMPLATE)
    yield ServerConfig(pg_cluster.url(name), os.urandom(32))
    pg_cluster.drop_database(name)


@dataclass
class Account:
    accreditation: str
    token: str
    role: str


Enrol = Callable[..., Account]


@pytest.fixture
def enrol(server_config: ServerConfig) -> Enrol:
    from app.server import principals

    def make(accreditation: str, role: str = "agent", name: str = "") -> Account:
        engine = make_engine(server_config.database_url)
        try:
            with make_sessionmaker(engine).begin() as session:
                _, token = principals.create(session, accreditation, name or accreditation, role)
        finally:
            engine.dispose()
        return Account(accreditation, token, role)

    return make


@dataclass
class RunningServer:
    url: str
    config: ServerConfig

    def transport(self, account: Account, **options: object) -> HttpTransport:
        return HttpTransport(self.url, account.accreditation, account.token, **options)  # type: ignore[arg-type]

    def api(self, account: Account, **options: object) -> SyncApi:
        return SyncApi(self.transport(account, **options))


@pytest.fixture
def sync_server(server_config: ServerConfig) -> Iterator[RunningServer]:
    from app.server.api import create_app

    with ThreadedServer(create_app(server_config)) as running:
        yield RunningServer(running.url, server_config)
