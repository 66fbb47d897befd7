"""The `kinerja` command line: typer + rich."""
