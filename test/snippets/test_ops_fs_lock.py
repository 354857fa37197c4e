"""ops-fs-lock: a second holder fails at once; the lock holds the PID and dies with the process."""
import os
import signal
import subprocess
import sys
import unittest

import snippet_support as support


class Lock(support.TempDirTestCase):
    def hold_in_child(self, lock):
        code = "import sys, time, %s as s\nfrom pathlib import Path\nwith s.exclusive_lock(Path(sys.argv[1])):\n    print('held', flush=True)\n    time.sleep(30)\n" % support.module_name()
        env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(support.SNIPPET.parent), os.environ.get("PYTHONPATH", "")]))
        child = subprocess.Popen([sys.executable, "-c", code, str(lock)], stdout=subprocess.PIPE, text=True, env=env)
        self.addCleanup(child.stdout.close)
        self.addCleanup(child.wait)
        self.addCleanup(lambda: child.poll() is None and child.kill())
        self.assertEqual(child.stdout.readline().strip(), "held")
        return child

    def test_second_run_fails_at_once_and_the_lock_dies_with_kill_9(self):
        module = support.load()
        lock = self.tmp / "job.lock"
        child = self.hold_in_child(lock)
        self.assertEqual(lock.read_text(encoding="utf-8").strip(), str(child.pid))
        with support.Elapsed() as elapsed, self.assertRaises(RuntimeError) as caught:
            with module.exclusive_lock(lock):
                self.fail("entered a lock held by another process")
        self.assertLess(elapsed.seconds, 0.5)
        self.assertEqual(str(caught.exception), "Another run holds %s; not starting a second one" % lock)
        child.send_signal(signal.SIGKILL)
        child.wait(5)
        with module.exclusive_lock(lock):
            self.assertEqual(lock.read_text(encoding="utf-8").strip(), str(os.getpid()))
        with module.exclusive_lock(lock):  # released at the end of the block
            pass

    def test_default_lock_path_is_named_after_the_script(self):
        self.assertEqual(str(support.load().LOCK_PATH), "/run/lock/deploy_backup.lock")


if __name__ == "__main__":
    support.main()
