"""kinerja-flow: an event-sourced engine for the life of a Perjanjian Kinerja."""

__version__ = "0.1.0"
