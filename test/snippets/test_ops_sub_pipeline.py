"""ops-sub-pipeline: first | second; SIGPIPE is not a failure; either failing fails; one deadline."""
import subprocess
import unittest

import snippet_support as support


class Pipeline(support.TempDirTestCase):
    def setUp(self):
        super().setUp()
        self.module = support.load()

    def test_output_of_the_second_command(self):
        self.assertEqual(self.module.pipeline(["printf", "b\\na\\nc\\n"], ["sort"]), "a\nb\nc\n")

    def test_producer_stopped_by_sigpipe_is_not_a_failure(self):
        self.assertEqual(self.module.pipeline(["yes"], ["head", "-n", "2"], timeout=5), "y\ny\n")

    def test_either_command_failing_fails_the_pipeline(self):
        with self.assertRaises(subprocess.CalledProcessError) as first:
            self.module.pipeline(["sh", "-c", "echo x; exit 3"], ["cat"], timeout=5)
        self.assertEqual((first.exception.returncode, first.exception.cmd), (3, ["sh", "-c", "echo x; exit 3"]))
        with self.assertRaises(subprocess.CalledProcessError) as second:
            self.module.pipeline(["echo", "x"], ["sh", "-c", "cat >/dev/null; exit 5"], timeout=5)
        self.assertEqual(second.exception.returncode, 5)

    def test_one_deadline_for_both_and_everything_killed(self):
        pid_file = self.tmp / "child.pid"
        producer = ["sh", "-c", "sleep 30 & echo $! > %s; wait" % pid_file]
        with support.Elapsed() as elapsed, self.assertRaises(subprocess.TimeoutExpired):
            self.module.pipeline(producer, ["cat"], timeout=1)
        self.assertLess(elapsed.seconds, 1.6)
        child = int(pid_file.read_text(encoding="utf-8"))
        self.assertTrue(support.wait_until(lambda: not support.is_running(child), 3), "the producer's child survived")

    def test_deadline_counts_the_consumer_time_too(self):
        # The consumer ends after 0.8 s without reading; the producer would run on.
        with support.Elapsed() as elapsed, self.assertRaises(subprocess.TimeoutExpired):
            self.module.pipeline(["sleep", "30"], ["sh", "-c", "exec 0<&-; sleep 0.8"], timeout=1)
        self.assertLess(elapsed.seconds, 1.6)


if __name__ == "__main__":
    support.main()
