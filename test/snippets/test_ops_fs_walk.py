"""ops-fs-walk: matching files under a root, pruned directories skipped, symlinked dirs not
followed, unreadable directories logged and skipped."""
import unittest

import snippet_support as support


class Walk(support.TempDirTestCase):
    def test_yields_matches_and_prunes(self):
        module = support.load()
        for rel in ("a.log", "b.txt", "sub/c.log", "sub/deeper/d.log", ".git/e.log", "node_modules/pkg/f.log"):
            path = self.tmp / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text("x", encoding="utf-8")
        outside = self.tmp.parent / (self.tmp.name + "-outside")
        outside.mkdir()
        self.addCleanup(lambda: support.os.rmdir(str(outside)) if not any(outside.iterdir()) else None)
        (outside / "g.log").write_text("x", encoding="utf-8")
        self.addCleanup((outside / "g.log").unlink)
        (self.tmp / "linked").symlink_to(outside, target_is_directory=True)
        found = sorted(str(p.relative_to(self.tmp)) for p in module.find_files(self.tmp))
        self.assertEqual(found, ["a.log", "sub/c.log", "sub/deeper/d.log"])
        self.assertEqual([p.name for p in module.find_files(self.tmp, "*.txt")], ["b.txt"])

    def test_unreadable_directory_is_logged_not_raised(self):
        module = support.load()
        missing = self.tmp / "gone"
        with support.captured_logs() as logs:
            self.assertEqual(list(module.find_files(missing)), [])
        self.assertEqual(logs.records[0].levelname, "WARNING")
        self.assertIn("Skipping %s" % missing, logs.messages()[0])

    def test_a_directory_removed_during_the_walk_is_skipped(self):
        module = support.load()
        for rel in ("a/1.log", "b/2.log"):
            (self.tmp / rel).parent.mkdir(parents=True, exist_ok=True)
            (self.tmp / rel).write_text("x", encoding="utf-8")
        walker = module.find_files(self.tmp)
        with support.captured_logs() as logs:
            first = next(walker)
            other = "b" if first.parent.name == "a" else "a"
            support.shutil_rmtree(self.tmp / other)
            rest = list(walker)
        self.assertEqual(rest, [])
        self.assertTrue(any("Skipping" in m for m in logs.messages()))


if __name__ == "__main__":
    support.main()
