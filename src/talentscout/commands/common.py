"""What every CLI command group shares: the consoles and the ``--db`` / ``--workspace`` options."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console

console = Console(stderr=True)
out = Console()
DbOption = Annotated[
    str | None,
    typer.Option("--db", help="Database URL or SQLite file path (default: TALENTSCOUT_DATABASE_URL)"),
]
WorkspaceOption = Annotated[
    str | None, typer.Option("--workspace", "-w", help="Workspace slug (default: the only one)")
]
