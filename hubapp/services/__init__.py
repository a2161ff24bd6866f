"""Plain-Python use cases (no Qt): what the desktop app, the CLI and the tests drive."""
