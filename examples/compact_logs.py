#!/usr/bin/env python3
"""Compact access logs: summarise each file, gzip it and write a SHA-256 manifest.

Run nightly before the logs are shipped to cold storage:
    compact_logs.py /var/log/nginx /srv/archive/nginx

With no arguments it works on generated sample logs in a temporary folder (nothing is written
anywhere else), which makes it a good script to try "PyOps: Profile Current File" on.
"""
import argparse
import gzip
import hashlib
import logging
import random
import re
import shutil
import sys
import tempfile
from collections import Counter, defaultdict
from pathlib import Path

log = logging.getLogger("compact_logs")

LINE = re.compile(
    r'(?P<host>\S+) \S+ \S+ \[(?P<time>[^\]]+)\] "(?P<method>[A-Z]+) (?P<path>\S+) [^"]*" '
    r"(?P<status>\d{3}) (?P<size>\d+) (?P<duration>\d+\.\d+)"
)
PATHS = ["/", "/login", "/api/orders", "/api/orders/42", "/api/users", "/static/app.js", "/healthz"]


def write_sample_logs(folder, files=4, lines=25_000, seed=7):
    """Generates nginx-style access logs so the script can run without real ones."""
    rng = random.Random(seed)
    for index in range(files):
        statuses = rng.choices([200, 201, 304, 404, 500], weights=[80, 5, 8, 5, 2], k=lines)
        urls = rng.choices(PATHS, k=lines)
        path = folder / f"access-{index}.log"
        with path.open("w", encoding="utf-8") as out:
            out.writelines(
                f'10.0.{index}.{n % 250} - - [12/Mar/2025:03:{n // 1000 % 60:02d}:{n % 60:02d} +0000] '
                f'"GET {urls[n]} HTTP/1.1" {statuses[n]} {n * 7919 % 90_000} {(n * 37 % 1000) / 4000:.3f}\n'
                for n in range(lines)
            )


def parse_line(line):
    match = LINE.match(line)
    if match is None:
        return None
    return match["path"], int(match["status"]), int(match["size"]), float(match["duration"])


def summarise(path):
    statuses = Counter()
    durations = defaultdict(list)
    skipped = 0
    with path.open(encoding="utf-8", errors="replace") as lines:
        for line in lines:
            record = parse_line(line)
            if record is None:
                skipped += 1
                continue
            url, status, _size, duration = record
            statuses[status // 100 * 100] += 1
            durations[url].append(duration)
    slowest = max(durations, key=lambda url: percentile(durations[url], 0.95), default=None)
    return statuses, slowest, skipped


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def compress(path, target_dir):
    target = target_dir / (path.name + ".gz")
    with path.open("rb") as source, gzip.open(target, "wb", compresslevel=6) as archive:
        shutil.copyfileobj(source, archive, length=1 << 20)
    return target


def sha256(path):
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def compact(source_dir, target_dir):
    target_dir.mkdir(parents=True, exist_ok=True)
    manifest = []
    for path in sorted(source_dir.glob("*.log")):
        statuses, slowest, skipped = summarise(path)
        archive = compress(path, target_dir)
        manifest.append(f"{sha256(archive)}  {archive.name}")
        log.info("%s: %s, slowest p95 %s, %d unparsed line(s)", path.name, dict(statuses), slowest, skipped)
    (target_dir / "SHA256SUMS").write_text("\n".join(manifest) + "\n", encoding="utf-8")
    return len(manifest)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", nargs="?", type=Path, help="folder with *.log files (default: generated samples)")
    parser.add_argument("target", nargs="?", type=Path, help="folder for the .gz files and SHA256SUMS")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    try:
        with tempfile.TemporaryDirectory(prefix="compact-logs-") as scratch:
            source = args.source
            if source is None:
                source = Path(scratch) / "logs"
                source.mkdir()
                write_sample_logs(source)
            target = args.target or Path(scratch) / "archive"
            count = compact(source, target)
    except OSError:
        log.exception("compacting logs failed")
        return 1
    log.info("compacted %d file(s)", count)
    return 0


if __name__ == "__main__":
    sys.exit(main())
