"""Debian's Chromium, started the one way every browser test and benchmark uses.

Playwright drives the system browser; no tool ever downloads one of its own. The flags keep a
headless Chromium, run as root on a machine without a network, from reaching for Google's hosts.
"""

from __future__ import annotations

from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


def launch(playwright, **options):
    """Launch Debian's Chromium through a Playwright instance, or say how to install it."""
    if not Path(CHROMIUM).exists():
        raise RuntimeError(f"{CHROMIUM} is missing: run scripts/ensure-chromium.sh")
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, **options)
