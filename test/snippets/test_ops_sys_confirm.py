"""ops-sys-confirm: asks on a terminal; never blocks without one (redirected or closed stdin, end of
input) and answers no with a warning, unless assume_yes."""
import os
import pty
import select
import subprocess
import sys
import time
import unittest

import snippet_support as support

ASK = """
import logging, %s as s
logging.basicConfig(level=logging.INFO, format="%%(levelname)s %%(message)s")
print("ANSWER", s.confirm("Delete 3 backups?"), flush=True)
""" % support.module_name()


def env():
    return dict(os.environ, PYTHONPATH=os.pathsep.join([str(support.SNIPPET.parent), os.environ.get("PYTHONPATH", "")]))


class Confirm(unittest.TestCase):
    def test_assume_yes(self):
        module = support.load()
        with support.captured_logs() as logs:
            self.assertIs(module.confirm("Go?", assume_yes=True), True)
        self.assertEqual(logs.messages(), ["Go? yes (--yes given)"])

    def test_no_terminal_answers_no_at_once(self):
        result = support.run_python(ASK, stdin=subprocess.DEVNULL, timeout=10)
        self.assertIn("ANSWER False", result.stdout)
        self.assertIn("WARNING Delete 3 backups? no: stdin is not a terminal", result.stderr)

    def test_closed_stdin_does_not_crash(self):
        result = subprocess.run([sys.executable, "-c", ASK], stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=10, env=env(), preexec_fn=lambda: os.close(0))
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("ANSWER False", result.stdout)

    def answer_on_a_terminal(self, keys):
        pid, fd = pty.fork()
        if pid == 0:  # the child: its stdin, stdout and stderr are the terminal
            os.execvpe(sys.executable, [sys.executable, "-c", ASK], env())
        output = b""
        deadline = time.monotonic() + 10
        sent = False
        while time.monotonic() < deadline:
            ready, _, _ = select.select([fd], [], [], 0.1)
            if ready:
                try:
                    chunk = os.read(fd, 1024)
                except OSError:
                    break
                if not chunk:
                    break
                output += chunk
            if not sent and b"[y/N]" in output:
                os.write(fd, keys)
                sent = True
            if b"ANSWER" in output and output.endswith(b"\n"):
                break
        os.waitpid(pid, 0)
        os.close(fd)
        return output.decode("utf-8", errors="replace")

    def test_asks_on_a_terminal(self):
        self.assertIn("ANSWER True", self.answer_on_a_terminal(b"y\n"))
        self.assertIn("ANSWER False", self.answer_on_a_terminal(b"\n"))

    def test_end_of_input_on_a_terminal_answers_no(self):
        output = self.answer_on_a_terminal(b"\x04")
        self.assertIn("no: stdin closed", output)
        self.assertIn("ANSWER False", output)


if __name__ == "__main__":
    support.main()
