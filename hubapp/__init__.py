"""hubapp: a desktop app for community hubs (members, groups, meetings, feedback), offline first."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("hubapp")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0+unknown"
