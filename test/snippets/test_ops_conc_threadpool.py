"""ops-conc-threadpool: hosts run in parallel; every failure logged and returned by host."""
import threading
import time
import unittest

import snippet_support as support


class ThreadPool(unittest.TestCase):
    def test_parallel_and_every_failure_collected(self):
        module = support.load()
        names = set()
        errors = {"db1": ConnectionError("refused"), "db2": KeyError("x"), "web3": ValueError("v")}

        def task(host):
            names.add(threading.current_thread().name.split("_")[0])
            time.sleep(0.3)
            if host in errors:
                raise errors[host]

        hosts = ["web1", "db1", "web2", "db2", "web3", "web4"]
        with support.captured_logs() as logs, support.Elapsed() as elapsed:
            failures = module.run_on_hosts(hosts, task)
        self.assertLess(elapsed.seconds, 1.0)
        self.assertEqual(failures, errors)
        self.assertEqual(names, {"host"})
        logged = [r for r in logs.records if r.getMessage().endswith(" failed")]
        self.assertEqual(sorted(r.getMessage() for r in logged), ["db1 failed", "db2 failed", "web3 failed"])
        self.assertTrue(all(r.exc_info for r in logged))
        self.assertIn("3 of 6 host(s) failed: db1, db2, web3", logs.messages())

    def test_no_failures(self):
        module = support.load()
        self.assertEqual(module.run_on_hosts(["a", "b"], lambda host: None, workers=1), {})


if __name__ == "__main__":
    support.main()
