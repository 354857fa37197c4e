"""ops-fs-cleanup: old matching files deleted (or only logged in dry-run); a file that cannot be
deleted is logged with its traceback and the rest continue."""
import os
import time
import unittest
from pathlib import Path

import snippet_support as support


class Cleanup(support.TempDirTestCase):
    def setUp(self):
        super().setUp()
        old = time.time() - 20 * 86400
        for name, mtime in (("old1.log", old), ("old2.log", old), ("new.log", None), ("old.txt", old)):
            path = self.tmp / name
            path.write_text("x", encoding="utf-8")
            if mtime:
                os.utime(str(path), (mtime, mtime))
        (self.tmp / "olddir.log").mkdir()
        os.utime(str(self.tmp / "olddir.log"), (old, old))

    def names(self):
        return sorted(p.name for p in self.tmp.iterdir())

    def test_dry_run_only_logs(self):
        module = support.load()
        with support.captured_logs() as logs:
            self.assertEqual(module.delete_older_than(self.tmp, dry_run=True), 2)
        self.assertEqual(self.names(), ["new.log", "old.txt", "old1.log", "old2.log", "olddir.log"])
        self.assertEqual(logs.messages(), ["Would delete %s" % (self.tmp / "old1.log"), "Would delete %s" % (self.tmp / "old2.log")])

    def test_deletes_only_old_matching_files(self):
        module = support.load()
        self.assertEqual(module.delete_older_than(self.tmp), 2)
        self.assertEqual(self.names(), ["new.log", "old.txt", "olddir.log"])

    def test_a_file_that_cannot_be_deleted_is_logged_and_the_rest_continue(self):
        module = support.load()
        with support.captured_logs() as logs:
            count = module.delete_older_than(Path("/proc/self"), days=-1, pattern="*stat*")  # every file counts as old
        self.assertEqual(count, 0)
        failures = [r for r in logs.records if r.getMessage().startswith("Could not delete /proc/self/")]
        self.assertGreaterEqual(len(failures), 2)  # stat, statm, status...: every one was tried
        self.assertTrue(all(r.exc_info for r in failures))


if __name__ == "__main__":
    support.main()
