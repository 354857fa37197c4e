# tabstop 0: HOOK(workdir)
"""ops-fs-tempdir: a private directory, deleted when the block ends, even on error."""
import stat
import unittest

import snippet_support as support


class TempDir(unittest.TestCase):
    def test_private_and_removed_after_the_block(self):
        module = support.load()
        seen = []

        def hook(workdir):
            (workdir / "f").write_text("x", encoding="utf-8")
            seen.append((workdir, stat.S_IMODE(workdir.stat().st_mode)))

        module.HOOK = hook
        module.build_bundle()
        workdir, mode = seen[0]
        self.assertTrue(workdir.name.startswith("bundle-"))
        self.assertEqual(mode, 0o700)
        self.assertFalse(workdir.exists())

    def test_removed_on_error_too(self):
        module = support.load()
        seen = []

        def hook(workdir):
            seen.append(workdir)
            raise RuntimeError("build failed")

        module.HOOK = hook
        with self.assertRaises(RuntimeError):
            module.build_bundle()
        self.assertFalse(seen[0].exists())


if __name__ == "__main__":
    support.main()
