"""The helpdesk's data: customers and teams, tickets and messages, decisions and their audit trail."""

from triagedesk.helpdesk.models.customers import Agent, Contact, Customer, Team, Tier
from triagedesk.helpdesk.models.decisions import AuditEvent, TriageDecision, TriageLabel
from triagedesk.helpdesk.models.policy import PolicyVersion
from triagedesk.helpdesk.models.tickets import (
    Attachment,
    Channel,
    Level,
    Message,
    MessageKind,
    Status,
    Ticket,
    TicketSequence,
)
from triagedesk.helpdesk.models.tokens import ApiToken

__all__ = [
    "Agent",
    "ApiToken",
    "Attachment",
    "AuditEvent",
    "Channel",
    "Contact",
    "Customer",
    "Level",
    "Message",
    "MessageKind",
    "PolicyVersion",
    "Status",
    "Team",
    "Ticket",
    "TicketSequence",
    "Tier",
    "TriageDecision",
    "TriageLabel",
]
