"""The demo data: sample complaints written for triagedesk."""
