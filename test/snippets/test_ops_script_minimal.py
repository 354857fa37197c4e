# tabstop 0: globals().get("HOOK", lambda scope: None)(locals())
"""ops-script-minimal: logging configured in main(), main()'s return value is the exit status."""
import unittest

import snippet_support as support


class Minimal(unittest.TestCase):
    def test_runs_logs_and_exits_0(self):
        code = "import sys, %s as s\ns.HOOK = lambda scope: None\nsys.exit(s.main())" % support.module_name()
        result = support.run_python(code)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertRegex(result.stderr, r"\d{4}-\d\d-\d\d [\d:,]+ INFO \S+: Starting")

    def test_as_a_script(self):
        result = support.run_script()
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("Starting", result.stderr)

    def test_the_return_value_is_the_exit_status(self):
        code = "import sys, %s as s\ns.HOOK = lambda scope: sys.exit(3)\nsys.exit(s.main())" % support.module_name()
        self.assertEqual(support.run_python(code).returncode, 3)


if __name__ == "__main__":
    support.main()
