"""ops-sub-cwd: the command runs in the directory; ours does not move; errors name the directory."""
import os
import unittest

import snippet_support as support


class Cwd(support.TempDirTestCase):
    def test_runs_in_the_directory_without_chdir(self):
        module = support.load()
        before = os.getcwd()
        self.assertEqual(module.run_in(self.tmp, ["pwd", "-P"]).strip(), os.path.realpath(str(self.tmp)))
        self.assertEqual(os.getcwd(), before)

    def test_missing_directory_is_named(self):
        module = support.load()
        missing = self.tmp / "nope"
        with self.assertRaises(NotADirectoryError) as caught:
            module.run_in(missing, ["true"])
        self.assertEqual(str(caught.exception), "%s is not a directory" % missing)

    def test_failure_and_timeout_name_the_directory(self):
        module = support.load()
        with self.assertRaises(RuntimeError) as failed:
            module.run_in(self.tmp, ["sh", "-c", "echo bad >&2; exit 1"])
        self.assertIn("failed in %s with status 1: bad" % self.tmp, str(failed.exception))
        with self.assertRaises(RuntimeError) as slow:
            module.run_in(self.tmp, ["sleep", "5"], timeout=0.3)
        self.assertIn("within 0.3 s in %s" % self.tmp, str(slow.exception))


if __name__ == "__main__":
    support.main()
