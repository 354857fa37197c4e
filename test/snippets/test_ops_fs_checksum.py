"""ops-fs-checksum: SHA-256 of any size in chunks; a mismatch names the file and both digests."""
import hashlib
import unittest

import snippet_support as support


class Checksum(support.TempDirTestCase):
    def test_digest_of_a_multi_chunk_file(self):
        module = support.load()
        data = bytes(range(256)) * (3 * 4096 + 7)  # about 3 MiB: several 1 MiB chunks
        path = self.tmp / "image.iso"
        path.write_bytes(data)
        expected = hashlib.sha256(data).hexdigest()
        self.assertEqual(module.sha256_of(path), expected)
        self.assertEqual(module.sha256_of(path, chunk_size=1000), expected)
        module.verify_sha256(path, " %s\n" % expected.upper())

    def test_mismatch_names_the_file_and_both_values(self):
        module = support.load()
        path = self.tmp / "f"
        path.write_bytes(b"abc")
        with self.assertRaises(ValueError) as caught:
            module.verify_sha256(path, "0" * 64)
        actual = hashlib.sha256(b"abc").hexdigest()
        self.assertEqual(str(caught.exception), "Checksum mismatch for %s: expected %s, got %s" % (path, "0" * 64, actual))


if __name__ == "__main__":
    support.main()
