"""ops-net-post-json: the payload arrives; non-2xx raises with status and body; a redirect raises
instead of being resent as a GET without the body."""
import json
import unittest

import snippet_support as support


class PostJson(unittest.TestCase):
    def test_payload_arrives(self):
        module = support.load()
        with support.http_server({"/hook": lambda r: support.respond(r, 204)}) as (base, seen):
            self.assertEqual(module.post_json(base + "/hook", {"text": "caf\u00e9"}), 204)
            module.notify(base + "/hook", "deployed")
        self.assertEqual([(m, p) for m, p, _, _ in seen], [("POST", "/hook"), ("POST", "/hook")])
        self.assertEqual(json.loads(seen[0][3].decode("utf-8")), {"text": "caf\u00e9"})
        self.assertEqual(json.loads(seen[1][3].decode("utf-8")), {"text": "deployed"})
        self.assertEqual(seen[0][2]["Content-Type"], "application/json")

    def test_a_redirect_is_not_followed_as_a_bodiless_get(self):
        module = support.load()
        routes = {
            "/old": lambda r: support.respond(r, 302, b"moved", headers=[("Location", "/new")]),
            "/new": lambda r: support.respond(r, 200),
        }
        with support.http_server(routes) as (base, seen), self.assertRaises(RuntimeError) as caught:
            module.post_json(base + "/old", {"text": "x"})
        self.assertEqual(str(caught.exception), "POST %s/old failed with 302 Found: moved" % base)
        self.assertEqual([(m, p) for m, p, _, _ in seen], [("POST", "/old")])

    def test_errors(self):
        module = support.load()
        with support.http_server({"/hook": lambda r: support.respond(r, 500, b"boom")}) as (base, _):
            with self.assertRaises(RuntimeError) as caught:
                module.post_json(base + "/hook", {})
        self.assertEqual(str(caught.exception), "POST %s/hook failed with 500 Internal Server Error: boom" % base)
        with support.raw_tcp_server(b"nonsense\r\n\r\n") as port, self.assertRaises(RuntimeError):
            module.post_json("http://127.0.0.1:%d/" % port, {})
        with self.assertRaises(RuntimeError):
            module.post_json("http://127.0.0.1:%d/" % support.closed_port(), {})
        with self.assertRaises(ValueError):
            module.post_json("ftp://example.invalid/", {})


if __name__ == "__main__":
    support.main()
