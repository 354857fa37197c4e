# tabstop 3: 1
"""ops-sub-step: True on success; failure, timeout or a command that cannot start: logged, False."""
import subprocess
import unittest

import snippet_support as support


class Step(support.TempDirTestCase):
    def setUp(self):
        super().setUp()
        self.module = support.load()

    def step_with_git(self, script):
        support.fake_command(self.tmp, "git", script)
        with support.path_prepended(self.tmp), support.captured_logs() as logs:
            ok = self.module.pull_repository()
        return ok, logs

    def test_success_logs_the_output_and_returns_true(self):
        ok, logs = self.step_with_git('echo "Already up to date. args: $*"\n')
        self.assertTrue(ok)
        self.assertIn("Already up to date. args: pull --ff-only", logs.messages())

    def test_failure_is_logged_with_traceback_and_stderr(self):
        ok, logs = self.step_with_git('echo "fatal: Not possible to fast-forward" >&2\nexit 128\n')
        self.assertFalse(ok)
        record = logs.records[-1]
        self.assertEqual(record.getMessage(), "git pull --ff-only failed with status 128: fatal: Not possible to fast-forward")
        self.assertIs(record.exc_info[0], subprocess.CalledProcessError)

    def test_timeout_is_logged_with_the_stderr_so_far(self):
        with support.Elapsed() as elapsed:
            ok, logs = self.step_with_git('echo "Receiving objects" >&2\nsleep 5\n')
        self.assertFalse(ok)
        self.assertLess(elapsed.seconds, 3)
        record = logs.records[-1]
        self.assertEqual(record.getMessage(), "git pull --ff-only did not finish within 1 s: Receiving objects")
        self.assertIs(record.exc_info[0], subprocess.TimeoutExpired)

    def test_a_missing_command_is_logged_and_returns_false(self):
        with support.captured_logs() as logs:
            old = support.os.environ["PATH"]
            support.os.environ["PATH"] = str(self.tmp)
            try:
                ok = self.module.pull_repository()
            finally:
                support.os.environ["PATH"] = old
        self.assertFalse(ok)
        self.assertEqual(logs.records[-1].getMessage(), "git could not be started")
        self.assertIs(logs.records[-1].exc_info[0], FileNotFoundError)


if __name__ == "__main__":
    support.main()
