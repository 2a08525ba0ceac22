"""A tiny SMTP server on loopback for the email-delivery tests: it counts the messages it
accepted (a message counts once the server has answered 250 to its DATA), can be stopped and
started again on the same port, and can hang on DATA to catch a worker in the middle of a send.
"""

import socket
import threading
from email import message_from_bytes


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class SmtpStub:
    def __init__(self, port=None):
        self.port = port or free_port()
        self.delivered = []  # email.message.Message, one per accepted message
        self.hang_on_data = 0  # how many DATA commands to leave unanswered
        self.rcpt_answer = b"250 ok"  # what RCPT TO is answered (a 550 refuses the address)
        self.hanging = threading.Event()  # set when a DATA command is left unanswered
        self._release = threading.Event()
        self._server = None
        self._lock = threading.Lock()

    # -- starting and stopping ---------------------------------------------------------------
    def start(self):
        server = socket.socket()
        server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        server.bind(("127.0.0.1", self.port))
        server.listen(8)
        self._server = server
        self._release.clear()
        threading.Thread(target=self._accept, args=(server,), daemon=True).start()
        return self

    def stop(self):
        self._release.set()
        if self._server is not None:
            self._server.close()
            self._server = None

    def message_ids(self):
        with self._lock:
            return [message["Message-ID"] for message in self.delivered]

    # -- the conversation --------------------------------------------------------------------
    def _accept(self, server):
        while True:
            try:
                conn, _ = server.accept()
            except OSError:
                return
            threading.Thread(target=self._talk, args=(conn,), daemon=True).start()

    def _talk(self, conn):
        with conn:
            conn.settimeout(30)
            reader = conn.makefile("rb")
            try:
                self._conversation(conn, reader)
            except OSError:
                return

    def _conversation(self, conn, reader):
        conn.sendall(b"220 stub ESMTP\r\n")
        while True:
            line = reader.readline()
            if not line:
                return
            verb = line.strip().split(b" ")[0].upper()
            if verb in (b"EHLO", b"HELO"):
                conn.sendall(b"250-stub\r\n250 8BITMIME\r\n")
            elif verb == b"DATA":
                if self._should_hang():
                    self.hanging.set()
                    self._release.wait(60)
                    return
                conn.sendall(b"354 go ahead\r\n")
                self._receive(conn, reader)
            elif verb == b"RCPT":
                conn.sendall(self.rcpt_answer + b"\r\n")
            elif verb == b"QUIT":
                conn.sendall(b"221 bye\r\n")
                return
            else:
                conn.sendall(b"250 ok\r\n")

    def _should_hang(self):
        with self._lock:
            if self.hang_on_data > 0:
                self.hang_on_data -= 1
                return True
            return False

    def _receive(self, conn, reader):
        lines = []
        while True:
            line = reader.readline()
            if not line or line == b".\r\n":
                break
            lines.append(line[1:] if line.startswith(b"..") else line)
        with self._lock:
            self.delivered.append(message_from_bytes(b"".join(lines)))
        conn.sendall(b"250 queued\r\n")
