"""Proof that a change for speed leaves every key page's HTML the same: renders the benchmark's
key pages (benchmarks/bench_world.py, a fixed world in a throwaway database) and saves them, or
compares them with pages saved before the change. What differs by nature from one request to
the next (the CSRF token, the CSP nonce, times of day) is masked, on both sides.

    uv run python benchmarks/page_snapshots.py --save /tmp/before      # before the change
    uv run python benchmarks/page_snapshots.py --compare /tmp/before   # after: exit 1 if any differ
"""

import argparse
import difflib
import logging
import os
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

import django  # noqa: E402

django.setup()

from bench_world import (  # noqa: E402
    LAYOUT,
    Clients,
    World,
    get,
    pages,
    throwaway_database,
    use_bench_urls,
)

MASKS = [
    (
        re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"'),
        'name="csrfmiddlewaretoken" value=""',
    ),
    (re.compile(r'nonce="[^"]+"'), 'nonce=""'),
    # The world's dates are set from the time it is made: times of day differ between runs.
    (re.compile(r"\b\d{1,2}(:\d{2})? [ap]\.m\.|\bmidnight\b|\bnoon\b"), "(a time)"),
]


def masked(html):
    for pattern, mask in MASKS:
        html = pattern.sub(mask, html)
    return html


def rendered(size):
    """{file name: HTML} for every key page and the layout page, at `size` applications."""
    use_bench_urls()
    world = World()
    world.add_batch(size)
    clients = Clients()
    listed = pages(world) + [("Layout", world.applicant, LAYOUT)]
    out = {}
    for label, who, url in listed:
        html = masked(get(clients(who), url).content.decode())
        out[re.sub(r"[^a-z0-9]+", "-", label.lower()).strip("-") + ".html"] = html
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--save", type=Path)
    group.add_argument("--compare", type=Path)
    parser.add_argument("--applications", type=int, default=300)
    options = parser.parse_args()
    logging.disable(logging.WARNING)
    with throwaway_database():
        now = rendered(options.applications)
    if options.save:
        options.save.mkdir(parents=True, exist_ok=True)
        for name, html in now.items():
            (options.save / name).write_text(html)
        print(f"Saved {len(now)} pages in {options.save}")
        return True
    differ = []
    for name, html in now.items():
        before = masked((options.compare / name).read_text())
        if before != html:
            differ.append(name)
            diff = difflib.unified_diff(before.splitlines(), html.splitlines(), "before", "after")
            print("\n".join(list(diff)[:40]))
    print(f"{len(now) - len(differ)} of {len(now)} pages the same" + (
        f"; differ: {', '.join(differ)}" if differ else ""
    ))  # fmt: skip
    return not differ


if __name__ == "__main__":
    raise SystemExit(0 if main() else 1)
