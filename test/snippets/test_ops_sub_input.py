"""ops-sub-input: data reaches stdin; failure and timeout raise RuntimeError."""
import unittest

import snippet_support as support


class Input(unittest.TestCase):
    def test_data_reaches_stdin(self):
        module = support.load()
        self.assertEqual(module.run_with_input(["tr", "a-z", "A-Z"], "secret\n"), "SECRET\n")

    def test_failure_and_timeout(self):
        module = support.load()
        with self.assertRaises(RuntimeError) as failed:
            module.run_with_input(["sh", "-c", "cat >/dev/null; echo rejected >&2; exit 2"], "x")
        self.assertIn("exited with status 2: rejected", str(failed.exception))
        with self.assertRaises(RuntimeError) as slow:
            module.run_with_input(["sleep", "5"], "x", timeout=0.3)
        self.assertIn("did not finish within 0.3 s", str(slow.exception))


if __name__ == "__main__":
    support.main()
