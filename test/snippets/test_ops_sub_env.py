"""ops-sub-env: the child sees the changed copy of the environment; ours is untouched."""
import os
import subprocess
import unittest

import snippet_support as support


class Env(unittest.TestCase):
    def test_child_gets_the_changed_copy(self):
        module = support.load()
        os.environ["PYTHONPATH"] = "/somewhere"
        os.environ["LC_ALL"] = "POSIX"
        out = module.run_with_env(["sh", "-c", 'echo "$LC_ALL|${PYTHONPATH-unset}"'])
        self.assertEqual(out, "C.UTF-8|unset\n")
        self.assertEqual((os.environ["LC_ALL"], os.environ["PYTHONPATH"]), ("POSIX", "/somewhere"))

    def test_failure_and_timeout(self):
        module = support.load()
        with self.assertRaises(RuntimeError) as failed:
            module.run_with_env(["sh", "-c", "echo nope >&2; exit 2"])
        self.assertIn("exited with status 2: nope", str(failed.exception))
        with self.assertRaises(RuntimeError) as slow:
            module.run_with_env(["sleep", "5"], timeout=0.3)
        self.assertIsInstance(slow.exception.__cause__, subprocess.TimeoutExpired)


if __name__ == "__main__":
    support.main()
