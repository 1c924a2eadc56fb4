"""The ``commonroom`` command: serve, migrate, seed-demo, create-user, extend-series, openactive-refresh, send-mail,
outbox."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import errno
import getpass
import io
import os
import socket
import sys
from collections.abc import Sequence

EXTEND_SERIES_HOURLY = 3600
SEND_MAIL_EVERY_SECONDS = 10
OPENACTIVE_EVERY_SECONDS = 10


def _migrate(quiet: bool = False) -> None:
    from piccolo.apps.migrations.commands.forwards import run_forwards

    async def run() -> None:
        output = io.StringIO()
        with contextlib.redirect_stdout(output) if quiet else contextlib.nullcontext():
            result = await run_forwards("all")
        if not result.success:
            raise SystemExit(f"Migrations failed: {result.message}\n{output.getvalue()}")

    asyncio.run(run())


def cmd_migrate(args: argparse.Namespace) -> None:
    _migrate(quiet=False)


def cmd_seed_demo(args: argparse.Namespace) -> None:
    from api.demo import seed_demo

    _migrate(quiet=True)
    accounts = asyncio.run(seed_demo())
    _print_demo_accounts(accounts)


def _print_demo_accounts(accounts: list[tuple[str, str, str]]) -> None:
    print("Demo accounts (email / password / role):")
    for email, password, role in accounts:
        print(f"  {email:32} {password:20} {role}")


def cmd_create_user(args: argparse.Namespace) -> None:
    from venues.accounts.credentials import create_user
    from venues.core.errors import Conflict

    password = args.password or getpass.getpass("Password (8+ characters): ")
    if len(password) < 8:
        raise SystemExit("The password must have at least 8 characters.")
    _migrate(quiet=True)
    try:
        user = asyncio.run(
            create_user(args.email, password, args.name or args.email.split("@")[0], is_admin=args.admin)
        )
    except Conflict as exc:
        raise SystemExit(exc.detail) from None
    print(f"Created account {user.id}: {user.email}{' (site admin)' if user.is_admin else ''}")


def cmd_extend_series(args: argparse.Namespace) -> None:
    from scheduling.series.extension import Extension, extend_all_series
    from venues.core.database import close_pool, start_pool

    async def run() -> list[Extension]:
        await start_pool()
        try:
            return await extend_all_series()
        finally:
            await close_pool()

    _migrate(quiet=True)
    extensions = asyncio.run(run())
    for extension in extensions:
        line = f"series {extension.series_id}: booked {len(extension.booked)}"
        if extension.skipped:
            line += ", skipped " + ", ".join(
                f"{clash.occurrence.local_date} ({clash.reason})" for clash in extension.skipped
            )
        if extension.error:
            line += f"; not extended: {extension.error}"
        print(line)
    print(
        f"Extended {sum(1 for e in extensions if e.booked)} series; {sum(len(e.booked) for e in extensions)} bookings made."
    )


def cmd_openactive_refresh(args: argparse.Namespace) -> None:
    from scheduling.openactive.stamping import refresh
    from venues.core.database import close_pool, start_pool

    async def run() -> int | None:
        await start_pool()
        try:
            return await refresh(rebuild=args.rebuild)
        finally:
            await close_pool()

    _migrate(quiet=True)
    print(f"OpenActive feeds: {asyncio.run(run())} item(s) given a new change number.")


def _check_mail_settings() -> None:
    """Stop with a sentence on a mail setting that cannot be understood, before serving requests that queue mail."""
    from venues.mail.settings import MailSettingsError, mail_settings
    from venues.mail.transports import configured_transport

    try:
        configured_transport(mail_settings())
    except MailSettingsError as error:
        raise SystemExit(str(error)) from None


def cmd_send_mail(args: argparse.Namespace) -> None:
    from venues.core.database import close_pool, start_pool
    from venues.mail.sender import Delivered, deliver_due
    from venues.mail.settings import MailSettingsError, mail_settings
    from venues.mail.transports import configured_transport

    try:
        settings = mail_settings()
        transport = configured_transport(settings)
    except MailSettingsError as error:
        raise SystemExit(str(error)) from None

    def report(done: Delivered) -> None:
        if done.sent or done.retrying or done.failed or not args.watch:
            print(f"Sent {len(done.sent)}; {len(done.retrying)} to try again later; {len(done.failed)} failed.")

    async def run() -> None:
        await start_pool()
        try:
            while True:
                report(await deliver_due(transport, settings=settings))
                if not args.watch:
                    return
                await asyncio.sleep(args.every)
        finally:
            await close_pool()

    _migrate(quiet=True)
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(run())


def cmd_outbox(args: argparse.Namespace) -> None:
    from venues.core.database import close_pool, start_pool
    from venues.mail.listing import OutboxEntry, OutboxStatus, list_outbox

    async def run() -> tuple[list[OutboxEntry], int]:
        await start_pool()
        try:
            return await list_outbox(OutboxStatus.failed if args.failed else None, args.limit, 0)
        finally:
            await close_pool()

    _migrate(quiet=True)
    entries, total = asyncio.run(run())
    for entry in entries:
        print(
            f"{entry.id:>6}  {entry.status:8} {entry.created_at:%Y-%m-%d %H:%M}  {entry.kind:20} "
            f"{entry.recipient}  attempts {entry.attempts}"
        )
        if entry.last_error:
            print(f"        {entry.last_error}")
    print(f"{total} message(s){' failed' if args.failed else ''}; newest {len(entries)} shown.")


def cmd_send_digests(args: argparse.Namespace) -> None:
    from api.settings import get_settings
    from scheduling.notices.digests import send_digests
    from venues.core.database import close_pool, start_pool

    settings = get_settings()

    async def run() -> int:
        await start_pool()
        try:
            return await send_digests(settings.public_base_url, settings.secret_key)
        finally:
            await close_pool()

    _migrate(quiet=True)
    print(f"Sent {asyncio.run(run())} digests.")


def require_free_port(host: str, port: int) -> None:
    """Stop with a sentence (exit status 1, no traceback) when ``host:port`` cannot be listened on, before
    migrating or starting workers: most often another ``commonroom serve`` already has the port."""
    if not 0 < port < 65536:
        raise SystemExit(
            f"Port {port} is not a port number: choose one from 1 to 65535 with --port or COMMONROOM_PORT."
        )
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        # As uvicorn binds: a port left in TIME_WAIT by a stopped server is free, one being listened on is not.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as error:
            if error.errno == errno.EADDRINUSE:
                reason = f"Port {port} on {host} is already in use, perhaps by another commonroom serve."
            else:
                reason = f"Cannot listen on {host}:{port}: {error.strerror or error}."
            raise SystemExit(
                f"{reason}\nChoose another port with --port (for example --port {port + 1 if port < 65535 else 8001}) "
                "or the COMMONROOM_PORT environment variable, or stop the other server first."
            ) from None


def cmd_serve(args: argparse.Namespace) -> None:
    import uvicorn

    from api.settings import EXTEND_SERIES_EVERY, OPENACTIVE_EVERY, SEND_DIGESTS_EVERY, SEND_MAIL_EVERY, get_settings

    if args.host:
        os.environ["COMMONROOM_HOST"] = args.host
    if args.port:
        os.environ["COMMONROOM_PORT"] = str(args.port)
    os.environ.setdefault(EXTEND_SERIES_EVERY, str(EXTEND_SERIES_HOURLY))
    os.environ.setdefault(SEND_DIGESTS_EVERY, str(EXTEND_SERIES_HOURLY))
    os.environ.setdefault(SEND_MAIL_EVERY, str(SEND_MAIL_EVERY_SECONDS))
    os.environ.setdefault(OPENACTIVE_EVERY, str(OPENACTIVE_EVERY_SECONDS))
    get_settings.cache_clear()
    settings = get_settings()
    host, port = settings.host, settings.port
    workers = args.workers or settings.workers
    require_free_port(host, port)
    _check_mail_settings()
    _migrate(quiet=True)
    if args.demo:
        from api.demo import seed_demo

        _print_demo_accounts(asyncio.run(seed_demo()))
    if settings.is_development_secret:
        print("Note: COMMONROOM_SECRET is not set; using the development secret.", file=sys.stderr)
    print(f"Commonroom on http://{host}:{port}  (API /api/v1, OpenAPI /schema, {workers} worker(s))")
    uvicorn.run(
        "api.app:app",
        host=host,
        port=port,
        workers=workers,
        loop="uvloop" if sys.platform != "win32" else "asyncio",
        http="httptools",
        access_log=args.access_log,
        log_level="info",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="commonroom", description="Bookings and calendars for community spaces.")
    commands = parser.add_subparsers(dest="command", required=True)

    serve = commands.add_parser(
        "serve",
        help="apply migrations and serve the API (uvicorn, httptools, uvloop); each worker also books series' "
        "dates that came due, hourly (COMMONROOM_EXTEND_SERIES_EVERY seconds, 0 for never), and sends the "
        "outbox's mail every 10 seconds (COMMONROOM_SEND_MAIL_EVERY) and stamps the OpenActive feeds every 10 seconds "
        "(COMMONROOM_OPENACTIVE_EVERY), each job in the one process holding its lease (docs/deployment.md)",
    )
    serve.add_argument("--host", help="address to bind (default COMMONROOM_HOST or 127.0.0.1)")
    serve.add_argument("--port", type=int, help="port (default COMMONROOM_PORT or 8000)")
    serve.add_argument("--workers", type=int, help="worker processes (default COMMONROOM_WORKERS or 1)")
    serve.add_argument("--demo", action="store_true", help="load the demo venues, groups and bookings first")
    serve.add_argument("--access-log", action="store_true", help="log every request")
    serve.set_defaults(func=cmd_serve)

    migrate = commands.add_parser("migrate", help="apply pending database migrations")
    migrate.set_defaults(func=cmd_migrate)

    seed = commands.add_parser("seed-demo", help="load demo venues, spaces, groups, bookings and accounts")
    seed.set_defaults(func=cmd_seed_demo)

    extend = commands.add_parser(
        "extend-series", help="book the dates of recurring series that have come inside their space's booking horizon"
    )
    extend.set_defaults(func=cmd_extend_series)

    openactive = commands.add_parser(
        "openactive-refresh",
        help="bring the OpenActive feeds up to date with every change made so far (the serve workers do it every "
        "10 seconds; for cron when they are told not to)",
    )
    openactive.add_argument(
        "--rebuild", action="store_true", help="rebuild every item (after COMMONROOM_PUBLIC_URL changed, say)"
    )
    openactive.set_defaults(func=cmd_openactive_refresh)

    digests = commands.add_parser(
        "send-digests", help="send each person their daily digest of the messages they chose to get that way"
    )
    digests.set_defaults(func=cmd_send_digests)

    send_mail = commands.add_parser(
        "send-mail",
        help="deliver the outbox's due mail and exit (for cron): to COMMONROOM_SMTP_URL, or as .eml files "
        "in COMMONROOM_OUTBOX_DIR (data/outbox) when it is not set",
    )
    send_mail.add_argument("--watch", action="store_true", help="keep going, delivering every --every seconds")
    send_mail.add_argument("--every", type=float, default=10.0, help="seconds between rounds with --watch")
    send_mail.set_defaults(func=cmd_send_mail)

    outbox = commands.add_parser("outbox", help="list the outbox's messages, newest first")
    outbox.add_argument("--failed", action="store_true", help="only the messages given up on")
    outbox.add_argument("--limit", type=int, default=50, help="how many to show (default 50)")
    outbox.set_defaults(func=cmd_outbox)

    create_user = commands.add_parser("create-user", help="create an account")
    create_user.add_argument("--email", required=True)
    create_user.add_argument("--name", help="display name (default: the part of the email before @)")
    create_user.add_argument("--password", help="password (asked for when omitted)")
    create_user.add_argument("--admin", action="store_true", help="make the account a site administrator")
    create_user.set_defaults(func=cmd_create_user)
    return parser


def main(argv: Sequence[str] | None = None) -> None:
    args = build_parser().parse_args(argv)
    args.func(args)


if __name__ == "__main__":
    main()
