"""ops-script-dry-run: --dry-run only logs, a real run deletes; a failed change stops with exit 1."""
import unittest

import snippet_support as support


class DryRun(support.TempDirTestCase):
    def make_tree(self):
        (self.tmp / "sub").mkdir()
        for name in ("a.tmp", "sub/b.tmp", "keep.txt"):
            (self.tmp / name).write_text("x", encoding="utf-8")

    def test_dry_run_logs_and_changes_nothing(self):
        self.make_tree()
        result = support.run_script("-n", str(self.tmp))
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("Dry run: nothing will be changed", result.stderr)
        self.assertIn("Dry run, would: delete %s" % (self.tmp / "a.tmp"), result.stderr)
        self.assertTrue((self.tmp / "a.tmp").exists() and (self.tmp / "sub/b.tmp").exists())

    def test_real_run_deletes_the_matches_only(self):
        self.make_tree()
        result = support.run_script(str(self.tmp))
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("Doing: delete", result.stderr)
        self.assertFalse((self.tmp / "a.tmp").exists() or (self.tmp / "sub/b.tmp").exists())
        self.assertTrue((self.tmp / "keep.txt").exists())

    def test_a_failed_change_stops_the_run_with_its_traceback(self):
        (self.tmp / "dir.tmp").mkdir()  # unlink() on a directory fails
        result = support.run_script(str(self.tmp))
        self.assertEqual(result.returncode, 1, result.stderr)
        self.assertIn("Stopped after a failed change", result.stderr)
        self.assertIn("Traceback", result.stderr)


if __name__ == "__main__":
    support.main()
