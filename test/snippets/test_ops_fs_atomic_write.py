"""ops-fs-atomic-write: new content in one step; mode and symlinks kept; nothing left behind on
error or SIGTERM; the directory is fsynced after the rename."""
import os
import signal
import stat
import subprocess
import sys
import unittest

import snippet_support as support


class AtomicWrite(support.TempDirTestCase):
    def leftovers(self):
        return sorted(p.name for p in self.tmp.iterdir() if p.name.endswith(".tmp"))

    def test_writes_a_new_file_with_the_default_mode(self):
        module = support.load()
        old = os.umask(0o077)
        self.addCleanup(os.umask, old)
        target = self.tmp / "config.ini"
        module.write_atomic(target, "caf\u00e9\n")
        self.assertEqual(target.read_bytes(), "caf\u00e9\n".encode("utf-8"))
        self.assertEqual(stat.S_IMODE(target.stat().st_mode), 0o644)
        self.assertEqual(self.leftovers(), [])

    def test_an_existing_file_keeps_its_permissions(self):
        module = support.load()
        secret = self.tmp / "token"
        secret.write_text("old", encoding="utf-8")
        secret.chmod(0o600)
        module.write_atomic(secret, "new")
        self.assertEqual(secret.read_text(encoding="utf-8"), "new")
        self.assertEqual(stat.S_IMODE(secret.stat().st_mode), 0o600)

    def test_a_symlink_keeps_pointing_at_the_replaced_file(self):
        module = support.load()
        real = self.tmp / "real.conf"
        real.write_text("old", encoding="utf-8")
        link = self.tmp / "current.conf"
        link.symlink_to(real.name)
        module.write_atomic(link, "new")
        self.assertTrue(link.is_symlink())
        self.assertEqual(real.read_text(encoding="utf-8"), "new")

    def test_an_error_leaves_the_old_content_and_no_temporary(self):
        module = support.load()
        target = self.tmp / "data"
        target.write_text("old", encoding="utf-8")
        with self.assertRaises(UnicodeEncodeError):
            module.write_atomic(target, "bad \udc80")
        self.assertEqual(target.read_text(encoding="utf-8"), "old")
        self.assertEqual(self.leftovers(), [])

    def test_the_directory_is_fsynced_after_the_rename(self):
        module = support.load()
        synced = []
        real_fsync = os.fsync

        def recording_fsync(fd):
            synced.append(stat.S_ISDIR(os.fstat(fd).st_mode))
            real_fsync(fd)

        module.os.fsync = recording_fsync
        try:
            module.write_atomic(self.tmp / "f", "x")
        finally:
            module.os.fsync = real_fsync
        self.assertEqual(synced, [False, True])

    def test_sigterm_mid_write_removes_the_temporary(self):
        target = self.tmp / "state.json"
        target.write_text("old", encoding="utf-8")
        code = """
            import os, sys, time
            from pathlib import Path
            import %s as s
            real_fsync = os.fsync
            def slow_fsync(fd):
                print("writing", flush=True)
                time.sleep(20)
            os.fsync = slow_fsync
            s.write_atomic(Path(sys.argv[1]), "new")
        """ % support.module_name()
        env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(support.SNIPPET.parent), os.environ.get("PYTHONPATH", "")]))
        proc = subprocess.Popen([sys.executable, "-c", support.textwrap.dedent(code), str(target)], stdout=subprocess.PIPE, text=True, env=env)
        self.assertEqual(proc.stdout.readline().strip(), "writing")
        self.assertEqual(len(self.leftovers()), 1)
        proc.send_signal(signal.SIGTERM)
        self.assertEqual(proc.wait(timeout=20), 128 + signal.SIGTERM)
        proc.stdout.close()
        self.assertEqual(self.leftovers(), [])
        self.assertEqual(target.read_text(encoding="utf-8"), "old")


if __name__ == "__main__":
    support.main()
