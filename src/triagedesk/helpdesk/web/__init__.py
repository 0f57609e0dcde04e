"""The agent UI: server-rendered pages with htmx; every change goes through the services."""
