"""ops-fs-mkdir: mkdir -p with the mode on the leaf; a file in the way raises NotADirectoryError."""
import os
import stat
import unittest

import snippet_support as support


class Mkdir(support.TempDirTestCase):
    def test_creates_parents_and_is_idempotent(self):
        module = support.load()
        old = os.umask(0o022)
        self.addCleanup(os.umask, old)
        target = self.tmp / "a" / "b" / "c"
        self.assertEqual(module.ensure_dir(target), target)
        self.assertTrue(target.is_dir())
        self.assertEqual(stat.S_IMODE(target.stat().st_mode), 0o755)
        module.ensure_dir(target)
        private = module.ensure_dir(self.tmp / "private", 0o700)
        self.assertEqual(stat.S_IMODE(private.stat().st_mode), 0o700)

    def test_a_file_in_the_way_is_named(self):
        module = support.load()
        blocker = self.tmp / "file"
        blocker.write_text("x", encoding="utf-8")
        for target in (blocker, blocker / "sub" / "dir"):
            with self.subTest(target=target), self.assertRaises(NotADirectoryError) as caught:
                module.ensure_dir(target)
            self.assertIn("Cannot create %s" % target, str(caught.exception))
            self.assertIn("is in the way", str(caught.exception))


if __name__ == "__main__":
    support.main()
