"""ops-fs-move: to a new path (across filesystems too), never into a directory; overwrite
replaces files and directories; a refused or failed move leaves the destination intact."""
import os
import tempfile
import unittest
from pathlib import Path

import snippet_support as support


class Move(support.TempDirTestCase):
    def test_moves_to_a_new_path(self):
        module = support.load()
        (self.tmp / "a").write_text("a", encoding="utf-8")
        self.assertEqual(module.move_path(self.tmp / "a", self.tmp / "b"), self.tmp / "b")
        self.assertEqual((self.tmp / "b").read_text(encoding="utf-8"), "a")
        self.assertFalse((self.tmp / "a").exists())

    def test_refuses_an_existing_destination_by_default(self):
        module = support.load()
        (self.tmp / "a").write_text("new", encoding="utf-8")
        (self.tmp / "b").write_text("old", encoding="utf-8")
        with self.assertRaises(FileExistsError):
            module.move_path(self.tmp / "a", self.tmp / "b")
        self.assertEqual((self.tmp / "b").read_text(encoding="utf-8"), "old")
        (self.tmp / "dir").mkdir()
        with self.assertRaises(FileExistsError):
            module.move_path(self.tmp / "a", self.tmp / "dir")
        self.assertEqual(list((self.tmp / "dir").iterdir()), [])

    def test_overwrite_replaces_a_directory_instead_of_moving_into_it(self):
        module = support.load()
        (self.tmp / "release-2").mkdir()
        (self.tmp / "release-2" / "app").write_text("v2", encoding="utf-8")
        (self.tmp / "current").mkdir()
        (self.tmp / "current" / "app").write_text("v1", encoding="utf-8")
        (self.tmp / "current" / "stale").write_text("old", encoding="utf-8")
        module.move_path(self.tmp / "release-2", self.tmp / "current", overwrite=True)
        self.assertEqual(sorted(p.name for p in (self.tmp / "current").iterdir()), ["app"])
        self.assertEqual((self.tmp / "current" / "app").read_text(encoding="utf-8"), "v2")
        self.assertEqual(sorted(p.name for p in self.tmp.iterdir()), ["current"])

    def test_overwrite_replaces_a_file_and_a_file_can_replace_a_directory(self):
        module = support.load()
        (self.tmp / "a").write_text("new", encoding="utf-8")
        (self.tmp / "b").write_text("old", encoding="utf-8")
        module.move_path(self.tmp / "a", self.tmp / "b", overwrite=True)
        self.assertEqual((self.tmp / "b").read_text(encoding="utf-8"), "new")
        (self.tmp / "d").mkdir()
        module.move_path(self.tmp / "b", self.tmp / "d", overwrite=True)
        self.assertEqual((self.tmp / "d").read_text(encoding="utf-8"), "new")

    def test_moves_across_filesystems_when_there_are_two(self):
        module = support.load()
        other = Path("/dev/shm")
        if not other.is_dir() or os.stat(str(other)).st_dev == os.stat(str(self.tmp)).st_dev:
            other = self.tmp  # one filesystem only: still a move
        with tempfile.TemporaryDirectory(dir=str(other)) as far:
            (self.tmp / "tree").mkdir()
            (self.tmp / "tree" / "f").write_text("x", encoding="utf-8")
            (Path(far) / "tree").mkdir()
            module.move_path(self.tmp / "tree", Path(far) / "tree", overwrite=True)
            self.assertEqual((Path(far) / "tree" / "f").read_text(encoding="utf-8"), "x")
            self.assertEqual(sorted(p.name for p in Path(far).iterdir()), ["tree"])
        self.assertFalse((self.tmp / "tree").exists())

    def test_a_failed_move_names_both_paths(self):
        module = support.load()
        with self.assertRaises(RuntimeError) as caught:
            module.move_path(self.tmp / "missing", self.tmp / "b")
        self.assertIn("Could not move %s to %s" % (self.tmp / "missing", self.tmp / "b"), str(caught.exception))
        (self.tmp / "b").write_text("keep", encoding="utf-8")
        with self.assertRaises(RuntimeError):
            module.move_path(self.tmp / "missing", self.tmp / "b", overwrite=True)
        self.assertEqual((self.tmp / "b").read_text(encoding="utf-8"), "keep")
        self.assertEqual(sorted(p.name for p in self.tmp.iterdir()), ["b"])


if __name__ == "__main__":
    support.main()
