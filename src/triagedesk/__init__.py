"""triagedesk: explainable, multilingual triage for customer support."""

__version__ = "0.1.0"
