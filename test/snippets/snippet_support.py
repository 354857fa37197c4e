"""Helpers for the snippet runtime tests (standard library only, Python 3.8+).

Each test_<prefix>.py imports the expanded snippet named by $PYOPS_SNIPPET (written by
test/unit/snippets/runtime.test.ts) and checks what the snippet's description promises, with real
processes, signals, files and servers on 127.0.0.1.
"""
import contextlib
import shutil
import http.server
import importlib.util
import logging
import os
import socket
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
import unittest
from pathlib import Path

SNIPPET = Path(os.environ["PYOPS_SNIPPET"])
PYTHON = sys.executable


def load():
    """Imports the expanded snippet as a module (once per test process)."""
    name = SNIPPET.stem
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, SNIPPET)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def run_python(code, *args, timeout=30, **kwargs):
    """Runs *code* in a fresh interpreter that can `import` the snippet by its module name."""
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(SNIPPET.parent), os.environ.get("PYTHONPATH", "")]))
    env.update(kwargs.pop("env", {}))
    return subprocess.run(
        [PYTHON, "-c", textwrap.dedent(code), *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env,
        **kwargs,
    )


def run_script(*args, timeout=30, **kwargs):
    """Runs the snippet itself as a script."""
    return subprocess.run([PYTHON, str(SNIPPET), *args], capture_output=True, text=True, timeout=timeout, **kwargs)


def module_name():
    return SNIPPET.stem


def run_main_with_hook(hook_body, *args):
    """Runs the snippet's main(argv) with a HOOK(scope) of *hook_body* installed (its tabstop 0
    calls HOOK with the handler's locals), and exits with what main returns."""
    code = """
import sys
import %s as script
def HOOK(scope):
%s
script.HOOK = HOOK
sys.exit(script.main(sys.argv[1:]))
""" % (module_name(), "\n".join("    " + line for line in hook_body.splitlines()))
    return run_python(code, *args)


class TempDirTestCase(unittest.TestCase):
    """A fresh temporary directory per test, as self.tmp."""

    def setUp(self):
        holder = tempfile.TemporaryDirectory(prefix="pyops-snippet-")
        self.addCleanup(holder.cleanup)
        self.tmp = Path(holder.name)


def fake_command(directory, name, script):
    """Writes an executable shell script *name* into *directory* (to put first on PATH)."""
    path = Path(directory) / name
    path.write_text("#!/bin/sh\n" + textwrap.dedent(script), encoding="utf-8")
    path.chmod(0o755)
    return path


@contextlib.contextmanager
def path_prepended(directory):
    old = os.environ.get("PATH", "")
    os.environ["PATH"] = str(directory) + os.pathsep + old
    try:
        yield
    finally:
        os.environ["PATH"] = old


def is_running(pid):
    """True when *pid* is alive and not a zombie (Linux)."""
    try:
        with open("/proc/%d/stat" % pid, encoding="utf-8") as stat:
            state = stat.read().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return False
    return state not in ("Z", "X")


def wait_until(predicate, timeout=5.0, interval=0.02):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(interval)
    return predicate()


class Elapsed:
    """with Elapsed() as t: ...; t.seconds"""

    def __enter__(self):
        self.start = time.monotonic()
        self.seconds = None
        return self

    def __exit__(self, *exc):
        self.seconds = time.monotonic() - self.start
        return False


class _QuietHandler(http.server.BaseHTTPRequestHandler):
    routes = {}
    seen = []

    def log_message(self, format, *args):  # keep the test output clean
        pass

    def _answer(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        self.seen.append((self.command, self.path, dict(self.headers), body))
        route = self.routes.get(self.path)
        if route is None:
            self.send_response(404)
            self.send_header("Content-Length", "9")
            self.end_headers()
            self.wfile.write(b"not found")
            return
        route(self)

    do_GET = _answer
    do_POST = _answer


@contextlib.contextmanager
def http_server(routes):
    """An HTTP server on 127.0.0.1 serving *routes* {path: handler(request)}; yields (base URL, seen requests)."""
    handler = type("Handler", (_QuietHandler,), {"routes": routes, "seen": []})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield "http://127.0.0.1:%d" % server.server_address[1], handler.seen
    finally:
        server.shutdown()
        server.server_close()


def respond(request, status, body=b"", content_type="text/plain", headers=()):
    request.send_response(status)
    request.send_header("Content-Type", content_type)
    request.send_header("Content-Length", str(len(body)))
    for key, value in headers:
        request.send_header(key, value)
    request.end_headers()
    request.wfile.write(body)


@contextlib.contextmanager
def raw_tcp_server(answer):
    """A TCP server on 127.0.0.1 that sends *answer* (bytes, or None: say nothing) to each client."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    listener.settimeout(0.1)
    stop = threading.Event()
    clients = []

    def serve():
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except socket.timeout:
                continue
            except OSError:
                return
            clients.append(conn)
            if answer is not None:
                with contextlib.suppress(OSError):
                    conn.recv(65536)
                    conn.sendall(answer)
                    conn.close()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield listener.getsockname()[1]
    finally:
        stop.set()
        thread.join(2)
        listener.close()
        for conn in clients:
            conn.close()


def closed_port():
    """A port on 127.0.0.1 where nothing listens."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class LogCapture(logging.Handler):
    """Collects records (with the time they arrived) from the root logger."""

    def __init__(self):
        super().__init__(logging.DEBUG)
        self.records = []
        self.times = []

    def emit(self, record):
        self.records.append(record)
        self.times.append(time.monotonic())

    def messages(self):
        return [record.getMessage() for record in self.records]

    def text(self):
        return "\n".join(self.messages())


@contextlib.contextmanager
def captured_logs(level=logging.DEBUG):
    root = logging.getLogger()
    capture = LogCapture()
    old_level = root.level
    root.addHandler(capture)
    root.setLevel(level)
    try:
        yield capture
    finally:
        root.removeHandler(capture)
        root.setLevel(old_level)


def main():
    unittest.main(verbosity=2)


def shutil_rmtree(path):
    shutil.rmtree(str(path))
