"""ops-sys-env-typed: ints and flags with defaults; a malformed value names variable and value."""
import os
import unittest

import snippet_support as support


class TypedEnv(unittest.TestCase):
    def test_ints(self):
        module = support.load()
        os.environ.pop("WORKERS", None)
        self.assertEqual(module.env_int("WORKERS", 4), 4)
        os.environ["WORKERS"] = " 12 "
        self.assertEqual(module.env_int("WORKERS", 4), 12)
        os.environ["WORKERS"] = "twelve"
        with self.assertRaises(ValueError) as caught:
            module.env_int("WORKERS", 4)
        self.assertEqual(str(caught.exception), "Environment variable WORKERS must be an integer, got 'twelve'")

    def test_flags(self):
        module = support.load()
        os.environ.pop("DRY_RUN", None)
        self.assertIs(module.env_flag("DRY_RUN", default=True), True)
        for raw, value in (("yes", True), ("ON", True), ("1", True), ("false", False), ("No", False), ("0", False)):
            os.environ["DRY_RUN"] = raw
            self.assertIs(module.env_flag("DRY_RUN", default=not value), value, raw)
        os.environ["DRY_RUN"] = "maybe"
        with self.assertRaises(ValueError) as caught:
            module.env_flag("DRY_RUN", default=False)
        self.assertIn("DRY_RUN must be one of", str(caught.exception))
        self.assertIn("got 'maybe'", str(caught.exception))


if __name__ == "__main__":
    support.main()
