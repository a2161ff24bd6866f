"""The central API (`hubapp-server`): enrolment, device tokens, scoping and the sync endpoint."""
