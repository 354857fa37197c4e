"""ops-sub-run: stdout back; failure, timeout and missing command raise RuntimeError with stderr."""
import subprocess
import unittest

import snippet_support as support


class RunCommand(unittest.TestCase):
    def setUp(self):
        self.module = support.load()

    def test_returns_stdout(self):
        self.assertEqual(self.module.run_command(["sh", "-c", "echo hello; echo noise >&2"]), "hello\n")

    def test_failure_carries_the_status_and_stderr(self):
        with self.assertRaises(RuntimeError) as caught:
            self.module.run_command(["sh", "-c", "echo 'disk full' >&2; exit 3"])
        self.assertIn("exited with status 3: disk full", str(caught.exception))
        self.assertIn("sh -c", str(caught.exception))
        self.assertIsInstance(caught.exception.__cause__, subprocess.CalledProcessError)

    def test_timeout_holds_and_carries_the_stderr_so_far(self):
        with support.Elapsed() as elapsed, self.assertRaises(RuntimeError) as caught:
            self.module.run_command(["sh", "-c", "echo 'waiting for lock' >&2; sleep 5"], timeout=0.5)
        self.assertLess(elapsed.seconds, 2.5)
        self.assertIn("did not finish within 0.5 s: waiting for lock", str(caught.exception))
        self.assertIsInstance(caught.exception.__cause__, subprocess.TimeoutExpired)

    def test_missing_command(self):
        with self.assertRaises(RuntimeError) as caught:
            self.module.run_command(["pyops-no-such-tool", "x"])
        self.assertEqual(str(caught.exception), "pyops-no-such-tool is not installed or not on PATH")


if __name__ == "__main__":
    support.main()
