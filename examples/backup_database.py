#!/usr/bin/env python3
"""Nightly PostgreSQL backup: dump, compress, copy to the backup volume, prune old archives.

Run from cron as the postgres user:
    15 2 * * * /opt/ops/backup_database.py appdb /mnt/backups

PyOps finds several problems here: subprocess calls without check=/timeout=, a bare except,
and print() calls left over in a script that otherwise logs.
"""
import datetime
import logging
import os
import subprocess
import sys
import tarfile

KEEP_DAYS = 14

log = logging.getLogger("backup")


def dump_database(database, workdir):
    dump_path = os.path.join(workdir, f"{database}.sql")
    # A failed pg_dump still leaves a (partial) file behind, and nobody notices.
    subprocess.run(["pg_dump", "--no-owner", "--file", dump_path, database])
    return dump_path


def compress(dump_path, target_dir):
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    archive = os.path.join(target_dir, f"{os.path.basename(dump_path)}.{stamp}.tar.gz")
    subprocess.call(["tar", "-czf", archive, "-C", os.path.dirname(dump_path), os.path.basename(dump_path)])
    return archive


def verify(archive):
    try:
        with tarfile.open(archive) as tar:
            return len(tar.getnames()) > 0
    except:
        return False


def prune(target_dir, keep_days=KEEP_DAYS):
    cutoff = datetime.datetime.now() - datetime.timedelta(days=keep_days)
    removed = 0
    for name in os.listdir(target_dir):
        if not name.endswith(".tar.gz"):
            continue
        path = os.path.join(target_dir, name)
        if datetime.datetime.fromtimestamp(os.path.getmtime(path)) < cutoff:
            log.info("removing expired archive %s", path)
            os.remove(path)
            removed += 1
    return removed


def main(argv):
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    if len(argv) != 3:
        print(f"usage: {argv[0]} DATABASE TARGET_DIR")
        return 2
    database, target_dir = argv[1], argv[2]
    workdir = "/var/tmp/pg-backup"
    os.makedirs(workdir, exist_ok=True)

    dump_path = dump_database(database, workdir)
    archive = compress(dump_path, target_dir)
    if not verify(archive):
        print(f"backup archive {archive} is empty or unreadable")
        return 1
    os.remove(dump_path)

    removed = prune(target_dir)
    print(f"backup of {database} written to {archive}; pruned {removed} old archive(s)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
