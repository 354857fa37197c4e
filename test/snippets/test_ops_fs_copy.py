"""ops-fs-copy: file with metadata, whole trees atomically (a failed copy leaves nothing, so a
rerun works), merge into an existing directory; errors name the paths and every failed file."""
import os
import unittest

import snippet_support as support


class Copy(support.TempDirTestCase):
    def tree(self, root):
        (root / "sub").mkdir(parents=True)
        (root / "a.txt").write_text("a", encoding="utf-8")
        (root / "sub" / "b.txt").write_text("b", encoding="utf-8")

    def test_copies_a_file_with_its_metadata(self):
        module = support.load()
        source = self.tmp / "f.txt"
        source.write_text("data", encoding="utf-8")
        os.utime(str(source), (1_000_000, 1_000_000))
        target = self.tmp / "new" / "dir" / "f.txt"
        module.copy_path(source, target)
        self.assertEqual(target.read_text(encoding="utf-8"), "data")
        self.assertEqual(target.stat().st_mtime, 1_000_000)

    def test_copies_a_tree(self):
        module = support.load()
        self.tree(self.tmp / "src")
        module.copy_path(self.tmp / "src", self.tmp / "dst")
        self.assertEqual((self.tmp / "dst" / "sub" / "b.txt").read_text(encoding="utf-8"), "b")
        self.assertEqual(sorted(p.name for p in self.tmp.iterdir()), ["dst", "src"])

    def test_a_failed_tree_copy_leaves_nothing_and_a_rerun_works(self):
        module = support.load()
        source = self.tmp / "src"
        self.tree(source)
        os.mkfifo(str(source / "pipe"))  # copyfile refuses named pipes
        (source / "dangling").symlink_to(self.tmp / "nowhere")
        with self.assertRaises(RuntimeError) as caught:
            module.copy_path(source, self.tmp / "dst")
        message = str(caught.exception)
        self.assertIn("Some files under %s could not be copied" % source, message)
        self.assertIn("pipe", message)
        self.assertIn("dangling", message)
        self.assertEqual(sorted(p.name for p in self.tmp.iterdir()), ["src"])
        (source / "pipe").unlink()
        (source / "dangling").unlink()
        module.copy_path(source, self.tmp / "dst")
        self.assertTrue((self.tmp / "dst" / "a.txt").exists())

    def test_an_existing_destination_needs_merge(self):
        module = support.load()
        self.tree(self.tmp / "src")
        (self.tmp / "dst").mkdir()
        (self.tmp / "dst" / "own.txt").write_text("mine", encoding="utf-8")
        with self.assertRaises(RuntimeError) as caught:
            module.copy_path(self.tmp / "src", self.tmp / "dst")
        self.assertIn("already exists", str(caught.exception))
        module.copy_path(self.tmp / "src", self.tmp / "dst", merge=True)
        self.assertEqual(sorted(p.name for p in (self.tmp / "dst").iterdir()), ["a.txt", "own.txt", "sub"])

    def test_a_missing_source_is_named(self):
        module = support.load()
        with self.assertRaises(RuntimeError) as caught:
            module.copy_path(self.tmp / "nope", self.tmp / "x")
        self.assertIn("Could not copy %s to %s" % (self.tmp / "nope", self.tmp / "x"), str(caught.exception))


if __name__ == "__main__":
    support.main()
