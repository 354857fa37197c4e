# tabstop 0: log.info("Restarting %s", "nginx")
"""ops-log-context: every record of the adapter carries its context prefix."""
import unittest

import snippet_support as support


class Context(unittest.TestCase):
    def test_records_are_prefixed_with_the_context(self):
        module = support.load()
        with support.captured_logs() as logs:
            module.deploy_to("web1")
            module.deploy_to("web2")
        self.assertEqual(logs.messages(), ["[host=web1] Starting", "[host=web1] Restarting nginx", "[host=web2] Starting", "[host=web2] Restarting nginx"])
        self.assertEqual({record.name for record in logs.records}, {module.__name__})


if __name__ == "__main__":
    support.main()
