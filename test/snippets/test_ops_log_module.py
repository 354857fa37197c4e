"""ops-log-module: a logger named after the module, with no handler of its own."""
import logging
import unittest

import snippet_support as support


class ModuleLogger(unittest.TestCase):
    def test_logger_is_named_after_the_module_and_adds_no_handler(self):
        module = support.load()
        self.assertIsInstance(module.logger, logging.Logger)
        self.assertEqual(module.logger.name, module.__name__)
        self.assertEqual(module.logger.handlers, [])
        self.assertEqual(logging.getLogger().handlers, [])
        with support.captured_logs() as logs:
            module.logger.info("through the root handlers")
        self.assertEqual(logs.messages(), ["through the root handlers"])


if __name__ == "__main__":
    support.main()
