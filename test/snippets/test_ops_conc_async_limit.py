"""ops-conc-async-limit: at most N at once, a timeout each, failures logged and returned by target."""
import asyncio
import unittest

import snippet_support as support


class AsyncLimit(unittest.TestCase):
    def test_limit_timeout_and_failures(self):
        module = support.load()
        running = {"now": 0, "max": 0}

        async def task(target):
            running["now"] += 1
            running["max"] = max(running["max"], running["now"])
            try:
                if target == "slow":
                    await asyncio.sleep(5)
                await asyncio.sleep(0.1)
                if target.startswith("bad"):
                    raise ConnectionError(target)
                return target
            finally:
                running["now"] -= 1

        targets = ["a", "bad1", "b", "slow", "c", "bad2", "d", "e"]
        with support.captured_logs() as logs, support.Elapsed() as elapsed:
            failures = asyncio.run(module.run_limited(targets, task, limit=3, timeout=0.5))
        self.assertEqual(running["max"], 3)
        self.assertLess(elapsed.seconds, 1.5)
        self.assertEqual(sorted(failures), ["bad1", "bad2", "slow"])
        self.assertIsInstance(failures["bad1"], ConnectionError)
        self.assertIsInstance(failures["slow"], asyncio.TimeoutError)
        errors = [r for r in logs.records if r.levelname == "ERROR"]
        self.assertEqual(len(errors), 3)
        self.assertTrue(all(r.exc_info for r in errors))


if __name__ == "__main__":
    support.main()
