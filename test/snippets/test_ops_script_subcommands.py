# tabstop 0: globals().get("HOOK", lambda scope: None)(locals())
"""ops-script-subcommands: each subcommand dispatched to its function; exit codes; failures logged."""
import unittest

import snippet_support as support


class Subcommands(unittest.TestCase):
    def test_each_subcommand_runs_its_own_function(self):
        deploy = support.run_main_with_hook("print('deploy handler', scope['args'].target)", "deploy", "web1")
        self.assertEqual(deploy.returncode, 0, deploy.stderr)
        self.assertIn("deploy handler web1", deploy.stdout)
        self.assertIn("deploy web1", deploy.stderr)
        status = support.run_script("status", "web2")
        self.assertEqual(status.returncode, 0, status.stderr)
        self.assertIn("status web2", status.stderr)

    def test_missing_or_unknown_subcommand_is_a_usage_error(self):
        for args in ((), ("launch", "x"), ("deploy",)):
            with self.subTest(args=args):
                result = support.run_script(*args)
                self.assertEqual(result.returncode, 2, result.stderr)
                self.assertIn("usage:", result.stderr)

    def test_any_failure_is_logged_with_its_traceback_and_exits_1(self):
        for error in ("RuntimeError('no')", "KeyError('k')", "OSError('io')"):
            with self.subTest(error=error):
                result = support.run_main_with_hook("raise " + error, "deploy", "web1")
                self.assertEqual(result.returncode, 1, result.stderr)
                self.assertIn("deploy failed", result.stderr)
                self.assertIn("Traceback", result.stderr)

    def test_ctrl_c_exits_130(self):
        result = support.run_main_with_hook("raise KeyboardInterrupt", "deploy", "web1")
        self.assertEqual(result.returncode, 130)


if __name__ == "__main__":
    support.main()
