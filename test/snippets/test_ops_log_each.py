"""ops-log-each: any failure is logged with its traceback and collected; the rest still run."""
import unittest

import snippet_support as support


class KeepGoing(unittest.TestCase):
    def test_every_kind_of_failure_is_collected_and_the_rest_run(self):
        module = support.load()
        handled = []
        errors = {"b": OSError("disk"), "c": KeyError("k"), "e": TypeError("t"), "f": ValueError("v")}

        def handle(item):
            handled.append(item)
            if item in errors:
                raise errors[item]

        with support.captured_logs() as logs:
            failed = module.process_all(["a", "b", "c", "d", "e", "f"], handle)
        self.assertEqual(failed, ["b", "c", "e", "f"])
        self.assertEqual(handled, ["a", "b", "c", "d", "e", "f"])
        failures = [r for r in logs.records if r.getMessage().startswith("Could not process")]
        self.assertEqual([r.exc_info[0] for r in failures], [OSError, KeyError, TypeError, ValueError])
        self.assertIn("2 item(s) done, 4 failed", logs.messages())

    def test_ctrl_c_stops_the_batch(self):
        module = support.load()

        def handle(item):
            if item == "b":
                raise KeyboardInterrupt
        with self.assertRaises(KeyboardInterrupt):
            module.process_all(["a", "b", "c"], handle)


if __name__ == "__main__":
    support.main()
