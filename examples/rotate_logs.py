#!/usr/bin/env python3
"""Rotate application logs: move *.log to *.log.1, *.log.1 to *.log.2, ... and gzip old ones.

Meant for hosts without logrotate (containers, appliances). Run hourly from cron.

PyOps flags the error handling here: the except blocks log with logging.error() but drop the
traceback, and one failure is only printed.
"""
import gzip
import logging
import os
import shutil
import sys

LOG_DIR = os.environ.get("APP_LOG_DIR", "/var/log/app")
KEEP = int(os.environ.get("APP_LOG_KEEP", "7"))

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")


def compress(path):
    with open(path, "rb") as source, gzip.open(path + ".gz", "wb") as target:
        shutil.copyfileobj(source, target)
    os.remove(path)


def rotate(log_path, keep=KEEP):
    oldest = f"{log_path}.{keep}.gz"
    if os.path.exists(oldest):
        os.remove(oldest)
    for index in range(keep - 1, 0, -1):
        for suffix in ("", ".gz"):
            source = f"{log_path}.{index}{suffix}"
            if os.path.exists(source):
                shutil.move(source, f"{log_path}.{index + 1}{suffix}")
    if os.path.exists(log_path):
        shutil.copy2(log_path, f"{log_path}.1")
        # Truncate in place: the application keeps its file handle open.
        with open(log_path, "r+") as handle:
            handle.truncate(0)
    second = f"{log_path}.2"
    if os.path.exists(second):
        compress(second)


def main():
    failures = 0
    try:
        names = sorted(os.listdir(LOG_DIR))
    except OSError as error:
        print(f"cannot list {LOG_DIR}: {error}")
        return 1
    for name in names:
        if not name.endswith(".log"):
            continue
        path = os.path.join(LOG_DIR, name)
        try:
            rotate(path)
            logging.info("rotated %s", path)
        except OSError:
            logging.error("could not rotate %s", path)
            failures += 1
        except Exception as error:
            logging.error(f"unexpected error rotating {path}: {error}")
            failures += 1
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
