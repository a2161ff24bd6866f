"""Sync: the wire protocol, the HTTP transport and the engine that reconciles hub and server."""
