"""ops-sub-stream: lines logged as they arrive; the deadline holds with wrappers whose children
keep the pipe open, and kills them all; a non-zero exit raises CalledProcessError."""
import subprocess
import sys
import unittest

import snippet_support as support


class Stream(support.TempDirTestCase):
    def setUp(self):
        super().setUp()
        self.module = support.load()

    def test_lines_are_logged_as_they_arrive(self):
        script = "echo first; sleep 0.6; echo second >&2; echo third"
        with support.captured_logs() as logs:
            self.module.stream_command(["sh", "-c", script], timeout=10)
        lines = [(r.getMessage(), t) for r, t in zip(logs.records, logs.times)][1:]
        self.assertEqual([m for m, _ in lines], ["first", "second", "third"])
        self.assertGreater(lines[1][1] - lines[0][1], 0.4, "first was logged only when the command ended")

    def test_failure_raises_called_process_error(self):
        with self.assertRaises(subprocess.CalledProcessError) as caught:
            self.module.stream_command(["sh", "-c", "echo out; exit 4"], timeout=10)
        self.assertEqual(caught.exception.returncode, 4)

    def test_timeout_holds_with_a_wrapper_and_kills_its_children(self):
        pid_file = self.tmp / "child.pid"
        # The shell's child keeps stdout open: the timeout must not wait for it.
        script = "echo started; sleep 30 & echo $! > %s; wait" % pid_file
        with support.Elapsed() as elapsed, self.assertRaises(subprocess.TimeoutExpired):
            self.module.stream_command(["sh", "-c", script], timeout=0.5)
        self.assertLess(elapsed.seconds, 1.5)
        child = int(pid_file.read_text(encoding="utf-8"))
        self.assertTrue(support.wait_until(lambda: not support.is_running(child), 3), "the wrapper's child survived")

    def test_silent_command_times_out(self):
        with support.Elapsed() as elapsed, self.assertRaises(subprocess.TimeoutExpired):
            self.module.stream_command([sys.executable, "-c", "import time; time.sleep(30)"], timeout=0.3)
        self.assertLess(elapsed.seconds, 1.5)


if __name__ == "__main__":
    support.main()
