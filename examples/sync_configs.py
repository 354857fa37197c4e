#!/usr/bin/env python3
"""Pull the latest configuration repository and install changed files into /etc/app.

A clean example of git + file operations in an unattended job: checked commands with
timeouts, a dry-run flag, and logging.exception() so the traceback lands in the job log.
"""
import argparse
import filecmp
import logging
import shutil
import subprocess
import sys
from pathlib import Path

log = logging.getLogger("sync-configs")


def git(repo: Path, *args: str) -> str:
    completed = subprocess.run(
        ["git", "-C", str(repo), *args], check=True, timeout=120, capture_output=True, text=True
    )
    return completed.stdout.strip()


def changed_files(source: Path, target: Path):
    for path in sorted(source.rglob("*.conf")):
        destination = target / path.relative_to(source)
        if not destination.exists() or not filecmp.cmp(path, destination, shallow=False):
            yield path, destination


def main() -> int:
    parser = argparse.ArgumentParser(description="Install changed config files from a git checkout.")
    parser.add_argument("--repo", type=Path, default=Path("/opt/config-repo"))
    parser.add_argument("--target", type=Path, default=Path("/etc/app"))
    parser.add_argument("--dry-run", action="store_true")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")

    try:
        git(args.repo, "pull", "--ff-only")
        revision = git(args.repo, "rev-parse", "--short", "HEAD")
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired):
        log.exception("could not update %s", args.repo)
        return 1

    installed = 0
    for source, destination in changed_files(args.repo, args.target):
        log.info("%s %s -> %s", "would install" if args.dry_run else "installing", source, destination)
        if args.dry_run:
            continue
        try:
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, destination)
            installed += 1
        except OSError:
            log.exception("could not install %s", destination)
            return 1
    log.info("config at revision %s: %d file(s) installed", revision, installed)
    return 0


if __name__ == "__main__":
    sys.exit(main())
