# tabstop 0: globals().get("HOOK", lambda scope: None)(locals())
"""ops-script-main: argparse, logging from -v, exit codes 0/1/2/130, failures logged with traceback."""
import unittest

import snippet_support as support


class ScriptMain(unittest.TestCase):
    def test_runs_and_logs_at_info_then_exits_0(self):
        result = support.run_script("/srv/data")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("INFO", result.stderr)
        self.assertIn("Working on /srv/data", result.stderr)
        self.assertEqual(result.stdout, "")

    def test_verbose_turns_on_debug_before_the_first_record(self):
        result = support.run_main_with_hook("import logging\nlogging.getLogger('x').debug('detail %s', 1)", "-v", "p")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("DEBUG x: detail 1", result.stderr)
        quiet = support.run_main_with_hook("import logging\nlogging.getLogger('x').debug('detail %s', 1)", "p")
        self.assertNotIn("detail", quiet.stderr)

    def test_missing_argument_is_a_usage_error(self):
        result = support.run_script()
        self.assertEqual(result.returncode, 2)
        self.assertIn("usage:", result.stderr)

    def test_any_error_is_logged_with_its_traceback_and_exits_1(self):
        for error in ("OSError('disk gone')", "KeyError('missing-key')", "ValueError('bad value')", "ZeroDivisionError('zero')"):
            with self.subTest(error=error):
                result = support.run_main_with_hook("raise " + error, "p")
                self.assertEqual(result.returncode, 1, result.stderr)
                self.assertIn("The run failed", result.stderr)
                self.assertIn("Traceback (most recent call last)", result.stderr)
                self.assertIn(error.split("(")[0], result.stderr)

    def test_ctrl_c_exits_130(self):
        result = support.run_main_with_hook("raise KeyboardInterrupt", "p")
        self.assertEqual(result.returncode, 130, result.stderr)
        self.assertIn("Interrupted", result.stderr)


if __name__ == "__main__":
    support.main()
