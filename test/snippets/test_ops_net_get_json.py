"""ops-net-get-json: JSON back with a bearer token; every failure is a RuntimeError."""
import contextlib
import socket
import threading
import unittest

import snippet_support as support


@contextlib.contextmanager
def truncated_body_server():
    """Announces 100 bytes of JSON, sends 10, closes."""
    answer = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n" + b'{"items": '
    with support.raw_tcp_server(answer) as port:
        yield "http://127.0.0.1:%d/" % port


class GetJson(unittest.TestCase):
    def test_json_and_token(self):
        module = support.load()
        routes = {"/api": lambda r: support.respond(r, 200, b'{"version": "1.2"}', "application/json")}
        with support.http_server(routes) as (base, seen):
            self.assertEqual(module.get_json(base + "/api", token="t0k"), {"version": "1.2"})
            headers = seen[0][2]
        self.assertEqual(headers["Authorization"], "Bearer t0k")
        self.assertEqual(headers["Accept"], "application/json")

    def test_http_error_with_the_start_of_the_body(self):
        module = support.load()
        routes = {"/api": lambda r: support.respond(r, 403, b"forbidden: " + b"x" * 2000)}
        with support.http_server(routes) as (base, _), self.assertRaises(RuntimeError) as caught:
            module.get_json(base + "/api")
        message = str(caught.exception)
        self.assertTrue(message.startswith("GET %s/api failed with 403 Forbidden: forbidden: xxx" % base), message)
        self.assertLess(len(message), 700)

    def test_every_other_failure_is_a_runtime_error(self):
        module = support.load()
        routes = {"/html": lambda r: support.respond(r, 200, b"<html>")}
        with support.http_server(routes) as (base, _):
            with self.assertRaises(RuntimeError) as not_json:
                module.get_json(base + "/html")
        self.assertIn("did not return JSON", str(not_json.exception))
        with truncated_body_server() as url, self.assertRaises(RuntimeError) as truncated:
            module.get_json(url)
        self.assertIn("IncompleteRead", str(truncated.exception))
        with support.raw_tcp_server(b"garbage\r\n\r\n") as port, self.assertRaises(RuntimeError) as garbage:
            module.get_json("http://127.0.0.1:%d/" % port)
        self.assertIn("BadStatusLine", str(garbage.exception))
        with self.assertRaises(RuntimeError):
            module.get_json("http://127.0.0.1:%d/" % support.closed_port())
        with support.raw_tcp_server(None) as port, self.assertRaises(RuntimeError) as silent:
            module.get_json("http://127.0.0.1:%d/" % port, timeout=0.3)
        self.assertIn("timed out", str(silent.exception))


if __name__ == "__main__":
    support.main()
