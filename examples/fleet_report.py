#!/usr/bin/env python3
"""Fleet report: collect every host's package list in parallel and report the packages that differ.

Each list comes from a child process (a local stand-in for `ssh HOST dpkg-query -W`, so the example
runs anywhere), which keeps the worker threads mostly waiting; parsing and hashing the lists is
their work. Profile it to see both: one flame graph root per thread, waiting drawn apart.
"""
import argparse
import collections
import concurrent.futures
import hashlib
import logging
import subprocess
import sys
from typing import Counter, Dict, List, Optional, Tuple

logger = logging.getLogger(__name__)

FETCH_TIMEOUT = 30

# Prints a package list that depends on the host name, after a delay like a remote command's.
STAND_IN_FOR_SSH = r"""
import random, sys, time
rng = random.Random(sys.argv[1])
time.sleep(0.2 + rng.random() * 0.2)
for i in range(6000):
    print("pkg%d\t1.%d.0" % (i, rng.randrange(2) if i % 50 == 0 else 0))
"""


def fetch_packages(host: str) -> str:
    result = subprocess.run(
        [sys.executable, "-c", STAND_IN_FOR_SSH, host],
        check=True,
        capture_output=True,
        text=True,
        timeout=FETCH_TIMEOUT,
    )
    return result.stdout


def parse_packages(listing: str) -> Dict[str, str]:
    packages = {}
    for line in listing.splitlines():
        name, _, version = line.partition("\t")
        packages[name] = version
    return packages


def fingerprint(packages: Dict[str, str]) -> str:
    digest = hashlib.sha256()
    for name in sorted(packages):
        digest.update(f"{name}={packages[name]}\n".encode("utf-8"))
    return digest.hexdigest()[:12]


def survey_host(host: str) -> Tuple[Dict[str, str], str]:
    packages = parse_packages(fetch_packages(host))
    return packages, fingerprint(packages)


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hosts", type=int, default=12, help="how many hosts to survey (default: 12)")
    parser.add_argument("--workers", type=int, default=6, help="hosts surveyed at once (default: 6)")
    args = parser.parse_args(argv)

    hosts = [f"web{number:02d}" for number in range(1, args.hosts + 1)]
    versions: Dict[str, Counter[str]] = collections.defaultdict(collections.Counter)
    fingerprints: Dict[str, str] = {}
    failed: List[str] = []
    with concurrent.futures.ThreadPoolExecutor(max_workers=args.workers) as pool:
        futures = {pool.submit(survey_host, host): host for host in hosts}
        for future in concurrent.futures.as_completed(futures):
            host = futures[future]
            try:
                packages, fingerprints[host] = future.result()
            except (subprocess.CalledProcessError, subprocess.TimeoutExpired):
                logger.exception("Could not survey %s", host)
                failed.append(host)
                continue
            for name, version in packages.items():
                versions[name][version] += 1

    drifted = sorted(name for name, seen in versions.items() if len(seen) > 1)
    logger.info("%d hosts surveyed, %d distinct package sets", len(fingerprints), len(set(fingerprints.values())))
    logger.info("%d packages differ between hosts, e.g. %s", len(drifted), ", ".join(drifted[:5]) or "none")
    if failed:
        logger.error("Not surveyed: %s", ", ".join(sorted(failed)))
        return 1
    return 0


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(message)s")
    sys.exit(main())
