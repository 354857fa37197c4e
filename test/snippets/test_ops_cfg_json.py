"""ops-cfg-json: every kind of bad file is one ConfigError naming the file (and line:column)."""
import unittest

import snippet_support as support


class JsonConfig(support.TempDirTestCase):
    def load(self, content):
        path = self.tmp / "app.json"
        if content is not None:
            path.write_bytes(content)
        return support.load().load_json_config(path), path

    def error(self, content):
        module = support.load()
        with self.assertRaises(module.ConfigError) as caught:
            self.load(content)
        return str(caught.exception)

    def test_good_file(self):
        data, _ = self.load(b'{"host": "db", "port": 5432}')
        self.assertEqual(data, {"host": "db", "port": 5432})

    def test_every_problem_is_a_config_error_naming_the_file(self):
        path = self.tmp / "app.json"
        self.assertEqual(self.error(None), "%s: cannot read: No such file or directory" % path)
        self.assertEqual(self.error(b'{"host": "db",\n  "port": }'), "%s:2:11: Expecting value" % path)
        self.assertEqual(self.error(b'{"host": "caf\xe9"}'), "%s: not UTF-8 text (byte 13: invalid continuation byte)" % path)
        self.assertEqual(self.error(b"[1, 2]"), "%s:1:1: expected an object at the top level, found list" % path)
        self.assertEqual(self.error(b'{"host": "db"}'), "%s: missing key(s): port" % path)


if __name__ == "__main__":
    support.main()
