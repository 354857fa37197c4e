# tabstop 0: globals().get("HOOK", lambda scope: None)(locals())
"""ops-sys-exit-codes: each kind of failure gets its exit status, logged on stderr with traceback."""
import unittest

import snippet_support as support


def run(hook_body, *args):
    code = """
import sys
import %s as script
def HOOK(scope):
    %s
script.HOOK = HOOK
sys.exit(script.main(sys.argv[1:]))
""" % (support.module_name(), hook_body)
    return support.run_python(code, *args)


class ExitCodes(unittest.TestCase):
    def test_success_and_usage(self):
        ok = support.run_script("app.ini")
        self.assertEqual(ok.returncode, 0, ok.stderr)
        self.assertIn("Using app.ini", ok.stderr)
        usage = support.run_script()
        self.assertEqual(usage.returncode, 2)
        self.assertIn("Usage: ", usage.stderr)
        self.assertIn("CONFIG_FILE", usage.stderr)

    def test_each_failure_has_its_code(self):
        cases = (
            ("raise FileNotFoundError('app.ini')", 78, "Configuration file app.ini is missing"),
            ("raise ConnectionRefusedError('db')", 69, "A service this script needs is unavailable"),
            ("raise RuntimeError('bad')", 1, "Failed"),
            ("raise KeyError('anything else')", 1, "Failed"),
            ("raise KeyboardInterrupt", 130, "Interrupted"),
        )
        for body, status, message in cases:
            with self.subTest(body=body):
                result = run(body, "app.ini")
                self.assertEqual(result.returncode, status, result.stderr)
                self.assertIn(message, result.stderr)
                if status != 130:
                    self.assertIn("Traceback", result.stderr)

    def test_codes_are_named(self):
        module = support.load()
        self.assertEqual([int(code) for code in module.ExitCode], [0, 1, 2, 69, 78, 130])


if __name__ == "__main__":
    support.main()
