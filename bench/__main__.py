"""``python -m bench run --size village --engine sqlite`` (see README, "Performance")."""

from __future__ import annotations

import argparse
import sys


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench", description="Commonroom benchmarks.")
    commands = parser.add_subparsers(dest="command", required=True)

    from bench.run import add_arguments, main_run

    run = commands.add_parser("run", help="generate, serve, load and report one size on one engine (or all/both)")
    add_arguments(run)
    run.set_defaults(func=main_run)

    generate = commands.add_parser(
        "generate",
        help="only generate a size: into the bench's own database with --engine (as `run` would, so `run --reuse` "
        "takes it), else into DATABASE_URL (migrated, empty)",
    )
    generate.add_argument("--size", choices=["village", "town", "county", "nation"], default="village")
    generate.add_argument("--seed", type=int, default=7)
    generate.add_argument("--engine", choices=["sqlite", "postgres"], default=None)
    generate.add_argument("--pg-url", default=None, help="PostgreSQL server for --engine postgres")
    generate.add_argument(
        "--jobs", type=int, default=None, help="generator processes on PostgreSQL (default: 2 from a million bookings)"
    )
    generate.set_defaults(func=_generate)

    report = commands.add_parser("report", help="rewrite the Markdown tables from the JSON results")
    report.add_argument("paths", nargs="+")
    report.add_argument("--summary", action="store_true", help="print one line per size and engine instead")
    report.set_defaults(
        func=lambda args: (
            print(__import__("bench.report").report.summary(args.paths))
            if args.summary
            else __import__("bench.report").report.rewrite(args.paths)
        )
    )

    args, extra = parser.parse_known_args(argv)
    if args.command == "run":
        args.passthrough = _passthrough(argv if argv is not None else sys.argv[1:])
    elif extra:
        parser.error(f"unrecognised arguments: {' '.join(extra)}")
    args.func(args)


def _generate(args: argparse.Namespace) -> None:
    if args.engine is None:
        from bench.generate import main as generate_main

        generate_main(
            ["--size", args.size, "--seed", str(args.seed), *(["--jobs", str(args.jobs)] if args.jobs else [])]
        )
        return
    from bench.run import generate_only

    generate_only(args.size, args.engine, args.seed, args.pg_url, args.jobs)


def _passthrough(argv: list[str]) -> list[str]:
    """The run options other than --size/--engine, for the child runs of --engine both / --size all."""
    kept, skip = [], False
    for item in argv[1:]:
        if skip:
            skip = False
            continue
        if item in ("--size", "--engine"):
            skip = True
            continue
        if item.startswith(("--size=", "--engine=")):
            continue
        kept.append(item)
    return kept


if __name__ == "__main__":
    main()
