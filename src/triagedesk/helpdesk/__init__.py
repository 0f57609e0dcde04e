"""The helpdesk: Django models, the services every write goes through, the API and the agent UI."""
