"""Every write to the helpdesk goes through here, so audit, triage and SLA rules hold for every channel."""

from triagedesk.helpdesk.services import tickets
from triagedesk.helpdesk.services.customers import contact_for, create_customer
from triagedesk.helpdesk.services.tickets import (
    NewTicket,
    add_message,
    assign,
    change_status,
    correct_triage,
    create_ticket,
)

__all__ = [
    "NewTicket",
    "add_message",
    "assign",
    "change_status",
    "contact_for",
    "correct_triage",
    "create_customer",
    "create_ticket",
    "tickets",
]
