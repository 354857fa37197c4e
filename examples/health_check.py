#!/usr/bin/env python3
"""HTTP health check for a set of service endpoints, for a monitoring cron job or a CI gate.

    health_check.py https://api.internal/healthz https://web.internal/status --timeout 5

Exit code 0 when every endpoint answers 2xx within the timeout, 1 otherwise. A clean example:
bounded waits, specific exceptions, logging with tracebacks where something unexpected happens.
"""
import argparse
import json
import logging
import sys
import time
import urllib.error
import urllib.request

log = logging.getLogger("health")


def check(url: str, timeout: float) -> bool:
    started = time.monotonic()
    request = urllib.request.Request(url, headers={"User-Agent": "ops-health-check/1.0"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            status = response.status
            body = response.read(4096)
    except urllib.error.HTTPError as error:
        log.warning("%s answered %s %s", url, error.code, error.reason)
        return False
    except (urllib.error.URLError, TimeoutError) as error:
        log.warning("%s unreachable: %s", url, getattr(error, "reason", error))
        return False
    elapsed = time.monotonic() - started
    if not 200 <= status < 300:
        log.warning("%s answered %s after %.2fs", url, status, elapsed)
        return False
    try:
        details = json.loads(body)
    except ValueError:
        details = None
    if isinstance(details, dict) and details.get("status") not in (None, "ok", "pass"):
        log.warning("%s reports status %r", url, details.get("status"))
        return False
    log.info("%s healthy (%s in %.2fs)", url, status, elapsed)
    return True


def main() -> int:
    parser = argparse.ArgumentParser(description="Check HTTP health endpoints.")
    parser.add_argument("urls", nargs="+")
    parser.add_argument("--timeout", type=float, default=5.0, help="seconds per request")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")

    results = {}
    for url in args.urls:
        try:
            results[url] = check(url, args.timeout)
        except Exception:
            log.exception("health check of %s crashed", url)
            results[url] = False
    unhealthy = [url for url, ok in results.items() if not ok]
    if unhealthy:
        log.error("%d of %d endpoint(s) unhealthy: %s", len(unhealthy), len(results), ", ".join(unhealthy))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
