"""Long-running commands: ``serve``, ``worker`` and ``demo``."""

from __future__ import annotations

import logging
import signal
import threading
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

console = Console(stderr=True)
log = logging.getLogger("talentscout")


def register(app: typer.Typer) -> None:
    app.command()(serve)
    app.command()(worker)
    app.command()(demo)


def serve(
    host: Annotated[str | None, typer.Option(help="Address to bind (default TALENTSCOUT_HOST)")] = None,
    port: Annotated[int | None, typer.Option(help="Port (default TALENTSCOUT_PORT)")] = None,
    with_worker: Annotated[bool, typer.Option(help="Also run the background worker in this process")] = False,
    db: Annotated[str | None, typer.Option("--db", help="Database URL or SQLite file path")] = None,
) -> None:
    """Serve the web app and REST API.

    Example: talentscout serve --port 8000 --with-worker
    """
    import uvicorn

    from talentscout.cli import _container
    from talentscout.web.app import create_app
    from talentscout.worker.runner import Worker

    c = _container(db, migrate=True)
    stop = threading.Event()
    thread = None
    if with_worker:
        thread = threading.Thread(target=Worker(c).run_forever, args=(stop,), name="worker", daemon=True)
        thread.start()
    uvicorn.run(create_app(c), host=host or c.settings.host, port=port or c.settings.port, log_level="info")
    stop.set()
    if thread:
        thread.join(timeout=10)


def worker(
    once: Annotated[bool, typer.Option(help="Run the jobs that are due, then exit")] = False,
    db: Annotated[str | None, typer.Option("--db", help="Database URL or SQLite file path")] = None,
) -> None:
    """Run background jobs until stopped (SIGTERM or Ctrl-C stop it cleanly after the current job).

    Example: talentscout worker
    """
    from talentscout.cli import _container
    from talentscout.worker.runner import Worker

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    w = Worker(_container(db, migrate=True))
    if once:
        done = w.run_once()
        console.print(f"ran {done} job(s)")
        return
    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())
    log.info("worker %s started", w.name)
    w.run_forever(stop)
    log.info("worker %s stopped", w.name)


def demo(
    people: Annotated[int, typer.Option(help="How many fictional people to generate")] = 3000,
    folder: Annotated[Path | None, typer.Option(help="Where to write the generated source files")] = None,
    db: Annotated[str | None, typer.Option("--db", help="Database URL or SQLite file path")] = None,
) -> None:
    """Load the demo: two workspaces, users, roles and a pool imported from every kind of source.

    Example: talentscout demo --people 3000
    """
    from talentscout.cli import _container
    from talentscout.services.demo import load_demo

    c = _container(db, migrate=True)
    out = folder or c.settings.data_dir / "demo-sources"
    for line in load_demo(c, folder=out, people=people):
        console.print(line, markup=False, highlight=False, soft_wrap=True)
