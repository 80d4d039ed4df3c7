"""Every endpoint of the projects API is documented in OpenAPI."""

from cme_projects.config import ProjectsSettings
from cme_projects.entrypoints.app import create_app


def test_every_projects_endpoint_has_a_description_and_hold_routes_are_not_read_as_project_ids():
    app = create_app(
        ProjectsSettings(database_url="postgresql+asyncpg://unused/unused", kafka_bootstrap_servers="unused:9092")
    )
    paths = app.openapi()["paths"]
    operations = [(path, method, op) for path, item in paths.items() if path.startswith("/api/projects")
                  for method, op in item.items()]
    assert len(operations) >= 13
    assert [(path, method) for path, method, op in operations if not op.get("description")] == []
    order = list(paths)  # OpenAPI lists paths in routing order
    assert order.index("/api/projects/hold-applications/{application_id}") < order.index("/api/projects/{project_id}")
