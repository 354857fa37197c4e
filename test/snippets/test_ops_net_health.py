"""ops-net-health: 2xx healthy; HTTP errors, refused, silent and non-HTTP ports are logged and not
healthy; wait_until_healthy polls until healthy or raises TimeoutError at the deadline."""
import threading
import unittest

import snippet_support as support


class Health(unittest.TestCase):
    def test_answers(self):
        module = support.load()
        routes = {"/ok": lambda r: support.respond(r, 204), "/down": lambda r: support.respond(r, 503, b"maintenance")}
        with support.http_server(routes) as (base, seen), support.captured_logs() as logs:
            self.assertTrue(module.is_healthy(base + "/ok"))
            self.assertFalse(module.is_healthy(base + "/down"))
            self.assertEqual(seen[0][2]["User-Agent"], "healthcheck/1.0")
        self.assertIn("%s/down answered 503 Service Unavailable" % base, logs.messages())

    def test_unreachable_ports_are_not_healthy(self):
        module = support.load()
        with support.captured_logs() as logs:
            self.assertFalse(module.is_healthy("http://127.0.0.1:%d/" % support.closed_port()))
            with support.raw_tcp_server(b"SSH-2.0-OpenSSH_9.2\r\n") as port:
                self.assertFalse(module.is_healthy("http://127.0.0.1:%d/" % port))
            with support.raw_tcp_server(None) as port, support.Elapsed() as elapsed:
                self.assertFalse(module.is_healthy("http://127.0.0.1:%d/" % port, timeout=0.3))
        self.assertLess(elapsed.seconds, 1.5)
        self.assertEqual(len([r for r in logs.records if "is unreachable" in r.getMessage()]), 3)
        with self.assertRaises(ValueError):
            module.is_healthy("file:///etc/passwd")

    def test_wait_until_healthy(self):
        module = support.load()
        calls = []

        def flaky(request):
            calls.append(1)
            support.respond(request, 200 if len(calls) >= 3 else 502)

        with support.http_server({"/health": flaky}) as (base, _):
            module.wait_until_healthy(base + "/health", deadline_s=5, interval_s=0.05)
        self.assertEqual(len(calls), 3)
        with support.raw_tcp_server(b"garbage\r\n\r\n") as port, support.Elapsed() as elapsed:
            with self.assertRaises(TimeoutError) as caught:
                module.wait_until_healthy("http://127.0.0.1:%d/" % port, deadline_s=0.5, interval_s=0.1)
        self.assertIn("not healthy after 0.5 s", str(caught.exception))
        self.assertLess(elapsed.seconds, 1.5)


if __name__ == "__main__":
    support.main()
