"""ops-sub-retry: up to N attempts with doubling, capped delays; the last failure propagates."""
import subprocess
import unittest

import snippet_support as support


class Retry(support.TempDirTestCase):
    def counting(self, fail_times):
        counter = self.tmp / "count"
        script = 'n=$(cat %s 2>/dev/null || echo 0); n=$((n+1)); echo $n > %s; [ $n -gt %d ]' % (counter, counter, fail_times)
        return ["sh", "-c", script], counter

    def test_succeeds_after_failures_with_growing_delays(self):
        module = support.load()
        cmd, counter = self.counting(2)
        with support.captured_logs() as logs, support.Elapsed() as elapsed:
            result = module.run_with_retry(cmd, attempts=5, first_delay=0.1, max_delay=1, timeout=5)
        self.assertEqual(result.returncode, 0)
        self.assertEqual(counter.read_text(encoding="utf-8").strip(), "3")
        self.assertGreaterEqual(elapsed.seconds, 0.3)  # 0.1 then 0.2
        warnings = [m for m in logs.messages() if m.startswith("Attempt")]
        self.assertEqual(len(warnings), 2)
        self.assertIn("retrying in 0.1 s", warnings[0])
        self.assertIn("retrying in 0.2 s", warnings[1])

    def test_gives_up_after_n_attempts_with_the_last_error(self):
        module = support.load()
        cmd, counter = self.counting(99)
        with support.captured_logs() as logs, self.assertRaises(subprocess.CalledProcessError):
            module.run_with_retry(cmd, attempts=4, first_delay=0.05, max_delay=0.1, timeout=5)
        self.assertEqual(counter.read_text(encoding="utf-8").strip(), "4")
        delays = [m.rsplit("in ", 1)[1] for m in logs.messages() if m.startswith("Attempt")]
        self.assertEqual(delays, ["0.1 s", "0.1 s", "0.1 s"])  # 0.05 shows as 0.1, then capped at 0.1

    def test_timeouts_are_retried_and_the_last_one_propagates(self):
        module = support.load()
        with self.assertRaises(subprocess.TimeoutExpired):
            module.run_with_retry(["sleep", "5"], attempts=2, first_delay=0.01, timeout=0.2)

    def test_a_missing_command_is_not_retried(self):
        module = support.load()
        with support.Elapsed() as elapsed, self.assertRaises(FileNotFoundError):
            module.run_with_retry(["pyops-no-such-tool"], attempts=3, first_delay=1)
        self.assertLess(elapsed.seconds, 0.9)


if __name__ == "__main__":
    support.main()
