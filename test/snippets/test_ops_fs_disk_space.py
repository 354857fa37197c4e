"""ops-fs-disk-space: passes with room, fails naming both figures, works for a path not yet made."""
import shutil
import unittest

import snippet_support as support


class DiskSpace(support.TempDirTestCase):
    def test_enough_space_is_logged(self):
        module = support.load()
        with support.captured_logs() as logs:
            module.require_free_space(self.tmp, needed_gib=0.001)
        self.assertRegex(logs.messages()[0], r"^[\d.]+ GiB free on ")

    def test_too_little_space_raises_with_both_figures(self):
        module = support.load()
        free = shutil.disk_usage(str(self.tmp)).free / 2**30
        with self.assertRaises(RuntimeError) as caught:
            module.require_free_space(self.tmp, needed_gib=free * 10 + 1)
        self.assertRegex(str(caught.exception), r"^Only [\d.]+ GiB free on .*; [\d.]+ GiB needed$")

    def test_a_path_that_does_not_exist_yet(self):
        module = support.load()
        module.require_free_space(self.tmp / "backups" / "2026" / "db.dump", needed_gib=0.001)
        with self.assertRaises(RuntimeError):
            module.require_free_space(self.tmp / "not" / "yet", needed_gib=10**9)


if __name__ == "__main__":
    support.main()
