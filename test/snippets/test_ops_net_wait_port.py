"""ops-net-wait-port: returns once the port accepts; TimeoutError with the last error at the deadline."""
import logging
import socket
import threading
import time
import unittest

import snippet_support as support


class RefusalSeen(logging.Handler):
    """Sets `seen` when wait_for_port logs that the port is not ready yet."""

    def __init__(self):
        super().__init__(logging.DEBUG)
        self.seen = threading.Event()

    def emit(self, record):
        if "not ready yet" in record.getMessage():
            self.seen.set()


class WaitPort(unittest.TestCase):
    def test_returns_once_the_service_is_up(self):
        module = support.load()
        port = support.closed_port()
        listener = socket.socket()
        self.addCleanup(listener.close)
        refused = RefusalSeen()
        up_at = []

        def start_after_a_refusal():
            # The service comes up once wait_for_port has been refused at least once (an event,
            # not a sleep: a loaded machine cannot reorder it).
            refused.seen.wait(5)
            listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            listener.bind(("127.0.0.1", port))
            listener.listen(1)
            up_at.append(time.monotonic())

        threading.Thread(target=start_after_a_refusal, daemon=True).start()
        with support.captured_logs() as logs:
            logging.getLogger().addHandler(refused)
            self.addCleanup(logging.getLogger().removeHandler, refused)
            module.wait_for_port("127.0.0.1", port, deadline_s=5, interval_s=0.1)
        returned_at = time.monotonic()
        self.assertTrue(refused.seen.is_set(), "wait_for_port tried before the service was up")
        self.assertEqual(len(up_at), 1, "the service came up")
        # It returned once the service was up, within about one retry interval (0.1 s), not at the deadline.
        self.assertGreaterEqual(returned_at, up_at[0])
        self.assertLess(returned_at - up_at[0], 1.1)
        self.assertIn("127.0.0.1:%d accepts connections" % port, logs.messages())

    def test_deadline(self):
        module = support.load()
        port = support.closed_port()
        with support.Elapsed() as elapsed, self.assertRaises(TimeoutError) as caught:
            module.wait_for_port("127.0.0.1", port, deadline_s=0.5, interval_s=0.2)
        self.assertLess(elapsed.seconds, 1.2)
        self.assertIn("127.0.0.1:%d not reachable within 0.5 s" % port, str(caught.exception))
        self.assertIn("refused", str(caught.exception))


if __name__ == "__main__":
    support.main()
