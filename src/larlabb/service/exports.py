"""The text Prometheus reads at ``/metrics``: every process's metrics (added up through
``PROMETHEUS_MULTIPROC_DIR`` when several processes serve), and what the database knows."""

import os

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    generate_latest,
    multiprocess,
)

from larlabb.service.metrics import DatabaseCollector


def metrics_page(with_database: bool = True) -> tuple[bytes, str]:
    registry = CollectorRegistry()
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        multiprocess.MultiProcessCollector(registry)
        content = generate_latest(registry)
    else:
        content = generate_latest(REGISTRY)
    if with_database:
        database = CollectorRegistry()
        database.register(DatabaseCollector())
        content += generate_latest(database)
    return content, CONTENT_TYPE_LATEST
