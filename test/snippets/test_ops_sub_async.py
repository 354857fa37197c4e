"""ops-sub-async: output back; failure with stderr; timeout kills the whole group promptly;
commands run concurrently and failed hosts come back."""
import asyncio
import subprocess
import unittest

import snippet_support as support


class AsyncRun(support.TempDirTestCase):
    def setUp(self):
        super().setUp()
        self.module = support.load()

    def test_output_and_failure(self):
        self.assertEqual(asyncio.run(self.module.run_async("sh", "-c", "echo hi")), "hi\n")
        with self.assertRaises(RuntimeError) as caught:
            asyncio.run(self.module.run_async("sh", "-c", "echo broken >&2; exit 6"))
        self.assertEqual(str(caught.exception), "sh -c 'echo broken >&2; exit 6' exited with status 6: broken")

    def test_timeout_kills_the_wrapper_and_its_children_at_once(self):
        pid_file = self.tmp / "child.pid"
        script = "sleep 30 & echo $! > %s; wait" % pid_file
        with support.Elapsed() as elapsed, self.assertRaises(subprocess.TimeoutExpired):
            asyncio.run(self.module.run_async("sh", "-c", script, timeout=0.5))
        self.assertLess(elapsed.seconds, 1.5)
        child = int(pid_file.read_text(encoding="utf-8"))
        self.assertTrue(support.wait_until(lambda: not support.is_running(child), 3))

    def test_hosts_run_concurrently_and_failures_come_back(self):
        support.fake_command(self.tmp, "ssh", 'sleep 0.5\ncase "$3" in bad*) echo "unreachable $3" >&2; exit 255;; esac\necho "$3 up 3 days"\n')
        with support.path_prepended(self.tmp), support.captured_logs() as logs, support.Elapsed() as elapsed:
            failed = asyncio.run(self.module.check_hosts(["web1", "bad1", "web2", "bad2"]))
        self.assertEqual(failed, ["bad1", "bad2"])
        self.assertLess(elapsed.seconds, 1.5)
        self.assertIn("web1: web1 up 3 days", logs.messages())
        errors = [r for r in logs.records if r.levelname == "ERROR"]
        self.assertEqual(len(errors), 2)
        self.assertIn("unreachable bad1", errors[0].getMessage())
        self.assertIsNotNone(errors[0].exc_info)


if __name__ == "__main__":
    support.main()
