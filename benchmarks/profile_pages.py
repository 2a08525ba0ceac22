"""Where a page's time goes: cProfile over a few requests of each key page (the benchmark's
world, in a throwaway database), the functions taking most time printed.

    uv run python benchmarks/profile_pages.py                       # every key page
    uv run python benchmarks/profile_pages.py --page dashboard --page "your page" --requests 30
    uv run python benchmarks/profile_pages.py --sort tottime --lines 40
"""

import argparse
import cProfile
import io
import logging
import os
import pstats
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

import django  # noqa: E402

django.setup()

from bench_world import (  # noqa: E402
    BARE_WITH_USER,
    LAYOUT,
    Clients,
    World,
    get,
    pages,
    throwaway_database,
    use_bench_urls,
)


def best_time(client, url, requests):
    """The fastest of `requests` requests, without the profiler (other work on a shared machine
    only ever slows a request down)."""
    best = float("inf")
    for _ in range(requests):
        started = time.perf_counter()
        get(client, url)
        best = min(best, time.perf_counter() - started)
    return best


def profile(client, url, requests, sort, lines):
    for _ in range(3):
        get(client, url)  # warm up
    print(f"{best_time(client, url, requests) * 1000:.1f} ms a request at best, unprofiled")
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(requests):
        get(client, url)
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    total = stats.total_tt
    stats.sort_stats(sort).print_stats(lines)
    print(f"{total / requests * 1000:.1f} ms a request under the profiler")
    print("\n".join(out.getvalue().splitlines()[6:]))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--page", action="append", help="part of a page's label (repeatable)")
    parser.add_argument("--applications", type=int, default=2000)
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--sort", default="cumulative")
    parser.add_argument("--lines", type=int, default=30)
    options = parser.parse_args()
    logging.disable(logging.WARNING)
    with throwaway_database() as where:
        print(f"Database: {where}")
        use_bench_urls()
        world = World()
        world.add_batch(options.applications)
        clients = Clients()
        listed = pages(world) + [
            ("Bare + user (applicant)", world.applicant, BARE_WITH_USER),
            ("Layout: /accessibility/ (applicant)", world.applicant, LAYOUT),
        ]
        for label, who, url in listed:
            if options.page and not any(p.lower() in label.lower() for p in options.page):
                continue
            print(f"\n===== {label} ({url}) =====")
            profile(clients(who), url, options.requests, options.sort, options.lines)


if __name__ == "__main__":
    main()
