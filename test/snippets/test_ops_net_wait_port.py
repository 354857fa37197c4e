"""ops-net-wait-port: returns once the port accepts; TimeoutError with the last error at the deadline."""
import socket
import threading
import time
import unittest

import snippet_support as support


class WaitPort(unittest.TestCase):
    def test_returns_once_the_service_is_up(self):
        module = support.load()
        port = support.closed_port()
        listener = socket.socket()
        self.addCleanup(listener.close)

        def start_later():
            time.sleep(0.4)
            listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            listener.bind(("127.0.0.1", port))
            listener.listen(1)

        threading.Thread(target=start_later, daemon=True).start()
        with support.captured_logs() as logs, support.Elapsed() as elapsed:
            module.wait_for_port("127.0.0.1", port, deadline_s=5, interval_s=0.1)
        self.assertGreaterEqual(elapsed.seconds, 0.35)
        self.assertLess(elapsed.seconds, 1.5)
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
