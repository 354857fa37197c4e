"""ops-sys-env-required: values back; every missing or empty variable named in one error, no values."""
import os
import unittest

import snippet_support as support


class RequiredEnv(unittest.TestCase):
    def test_values_and_one_error_for_all_missing(self):
        module = support.load()
        os.environ.update({"DB_HOST": "db1", "DB_PASSWORD": "hunter2", "EMPTY": "  "})
        os.environ.pop("API_TOKEN", None)
        self.assertEqual(module.require_env("DB_HOST", "DB_PASSWORD"), {"DB_HOST": "db1", "DB_PASSWORD": "hunter2"})
        with self.assertRaises(RuntimeError) as caught:
            module.require_env("DB_HOST", "API_TOKEN", "DB_PASSWORD", "EMPTY")
        message = str(caught.exception)
        self.assertEqual(message, "Missing environment variable(s): API_TOKEN, EMPTY; set them in the job's environment")
        self.assertNotIn("hunter2", message)


if __name__ == "__main__":
    support.main()
