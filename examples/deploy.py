#!/usr/bin/env python3
"""Deploy a release directory to a list of web hosts with rsync over ssh, then restart the service.

    deploy.py --release build/2024-05-01 --hosts web1.internal web2.internal

A clean example: every external command is checked and bounded in time, failures are logged
with their traceback and the exit code tells the CI job what happened.
"""
import argparse
import logging
import subprocess
import sys
from pathlib import Path

log = logging.getLogger("deploy")

SSH_OPTIONS = ["-o", "BatchMode=yes", "-o", "ConnectTimeout=10"]
REMOTE_ROOT = "/srv/app/releases"


def run(command, timeout):
    """Runs a command, raising CalledProcessError / TimeoutExpired on failure."""
    log.debug("running %s", " ".join(command))
    return subprocess.run(command, check=True, timeout=timeout, capture_output=True, text=True)


def sync_release(release: Path, host: str) -> None:
    target = f"{host}:{REMOTE_ROOT}/{release.name}/"
    ssh = "ssh " + " ".join(SSH_OPTIONS)
    run(["rsync", "-az", "--delete", "-e", ssh, f"{release}/", target], timeout=600)


def activate(release: Path, host: str) -> None:
    switch = f"ln -sfn {REMOTE_ROOT}/{release.name} /srv/app/current && sudo systemctl restart app"
    run(["ssh", *SSH_OPTIONS, host, switch], timeout=120)


def deploy(release: Path, hosts) -> int:
    failed = []
    for host in hosts:
        try:
            sync_release(release, host)
            activate(release, host)
        except subprocess.CalledProcessError as error:
            log.exception("deploy to %s failed (exit %s): %s", host, error.returncode, error.stderr.strip())
            failed.append(host)
        except subprocess.TimeoutExpired:
            log.exception("deploy to %s timed out", host)
            failed.append(host)
        else:
            log.info("deployed %s to %s", release.name, host)
    if failed:
        log.error("deploy failed on %d of %d host(s): %s", len(failed), len(hosts), ", ".join(failed))
        return 1
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--release", type=Path, required=True, help="local release directory")
    parser.add_argument("--hosts", nargs="+", required=True, help="hosts to deploy to")
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args()
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    if not args.release.is_dir():
        log.error("release directory %s does not exist", args.release)
        return 2
    return deploy(args.release, args.hosts)


if __name__ == "__main__":
    sys.exit(main())
