#!/usr/bin/env python3
"""Cron-style cleanup: delete stale files from scratch directories and old Docker images.

    # every night at 03:30
    30 3 * * * /opt/ops/cleanup_tmp.py

PyOps flags this one: `except: pass` hides every failure (even Ctrl+C), and the docker command
is neither checked nor bounded in time.
"""
import os
import shutil
import subprocess
import sys
import time

SCRATCH_DIRS = ["/tmp", "/var/tmp/build-cache", "/srv/uploads/incoming"]
MAX_AGE_HOURS = 48


def stale(path, now, max_age_hours=MAX_AGE_HOURS):
    return now - os.path.getmtime(path) > max_age_hours * 3600


def clean_directory(root, now):
    removed = 0
    for entry in os.scandir(root):
        try:
            if not stale(entry.path, now):
                continue
            if entry.is_dir(follow_symlinks=False):
                shutil.rmtree(entry.path)
            else:
                os.remove(entry.path)
            removed += 1
        except:
            pass
    return removed


def prune_docker_images():
    result = subprocess.run(
        ["docker", "image", "prune", "--all", "--force", "--filter", f"until={MAX_AGE_HOURS}h"],
        capture_output=True,
        text=True,
    )
    return result.stdout.strip().splitlines()[-1:] or ["nothing to prune"]


def main():
    now = time.time()
    total = 0
    for root in SCRATCH_DIRS:
        if not os.path.isdir(root):
            print(f"skipping {root}: not a directory")
            continue
        count = clean_directory(root, now)
        print(f"{root}: removed {count} stale entries")
        total += count
    print("docker:", prune_docker_images()[0])
    print(f"done, {total} entries removed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
