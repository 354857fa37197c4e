"""ops-fs-remove: files, symlinks (not their targets) and trees; missing_ok; failures name the path."""
import unittest
from pathlib import Path

import snippet_support as support


class Remove(support.TempDirTestCase):
    def test_removes_files_trees_and_links_only(self):
        module = support.load()
        (self.tmp / "tree" / "sub").mkdir(parents=True)
        (self.tmp / "tree" / "sub" / "f").write_text("x", encoding="utf-8")
        (self.tmp / "file").write_text("x", encoding="utf-8")
        (self.tmp / "link").symlink_to(self.tmp / "tree", target_is_directory=True)
        module.remove_path(self.tmp / "link")
        self.assertTrue((self.tmp / "tree" / "sub" / "f").exists())
        module.remove_path(self.tmp / "tree")
        module.remove_path(self.tmp / "file")
        (self.tmp / "dangling").symlink_to(self.tmp / "nowhere")
        module.remove_path(self.tmp / "dangling")
        self.assertEqual(list(self.tmp.iterdir()), [])

    def test_missing_path(self):
        module = support.load()
        with support.captured_logs() as logs:
            module.remove_path(self.tmp / "gone")
        self.assertIn("%s is already gone" % (self.tmp / "gone"), logs.messages())
        with self.assertRaises(FileNotFoundError):
            module.remove_path(self.tmp / "gone", missing_ok=False)

    def test_a_failure_names_the_path(self):
        module = support.load()
        undeletable = Path("/proc/self")  # a symlink nobody can unlink, root included
        with self.assertRaises(RuntimeError) as caught:
            module.remove_path(undeletable)
        self.assertIn("Could not remove /proc/self", str(caught.exception))


if __name__ == "__main__":
    support.main()
