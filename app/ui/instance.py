"""One running Backchannel per user: a second launch hands its file to the first and exits.

Double-clicking a `.backchannel` file while Backchannel runs starts a second process. That
process asks the running one, over a local socket, to open the file in a new window; only if
nobody answers does it open the file itself. Two processes on one database would work (the
store uses WAL), but one process holding every window is what a user expects, and it raises
the window that already shows a file instead of opening a second one.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QStandardPaths, QTimer
from PySide6.QtNetwork import QLocalServer, QLocalSocket

OPEN = b"open "
OPENED = b"opened\n"
CONNECT_TIMEOUT_MS = 500
REPLY_TIMEOUT_MS = 5000
"""How long a second launch waits for the running app to accept its file before opening it
itself; the running app answers from its event loop, before it opens the file."""
MAX_REQUEST_BYTES = 64 * 1024


def instance_name() -> str:
    """Per user and per data folder: the same user with another XDG_DATA_HOME (a test, a
    portable setup) gets a Backchannel of its own."""
    user = str(os.getuid()) if hasattr(os, "getuid") else os.environ.get("USERNAME", "")
    data = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    digest = hashlib.sha256(f"{user}\0{data}".encode()).hexdigest()[:16]
    return f"backchannel-{digest}"


def hand_over(name: str, path: Path) -> bool:
    """Ask a running Backchannel to open `path`; True once it has accepted."""
    socket = QLocalSocket()
    socket.connectToServer(name)
    if not socket.waitForConnected(CONNECT_TIMEOUT_MS):
        return False
    try:
        socket.write(OPEN + os.fsencode(path.absolute()) + b"\n")
        if not socket.waitForBytesWritten(REPLY_TIMEOUT_MS):
            return False
        reply = b""
        while not reply.endswith(b"\n") and socket.waitForReadyRead(REPLY_TIMEOUT_MS):
            reply += bytes(socket.readAll().data())
        return reply == OPENED
    finally:
        socket.abort()


class InstanceServer(QObject):
    """Listens for second launches and passes each file they name to `open_path`."""

    def __init__(self, name: str, open_path: Callable[[Path], object]) -> None:
        super().__init__()
        self.name = name
        self._open_path = open_path
        self._server = QLocalServer(self)
        self._server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self._server.newConnection.connect(self._accept)

    def listen(self) -> bool:
        """Start listening. A socket left behind by a Backchannel that crashed is removed:
        this is only called after `hand_over` found nobody answering on it."""
        if self._server.listen(self.name):
            return True
        QLocalServer.removeServer(self.name)
        return self._server.listen(self.name)

    def close(self) -> None:
        self._server.close()

    def _accept(self) -> None:
        while (socket := self._server.nextPendingConnection()) is not None:
            socket.readyRead.connect(lambda s=socket: self._read(s))
            socket.disconnected.connect(socket.deleteLater)
            if socket.bytesAvailable():
                self._read(socket)

    def _read(self, socket: QLocalSocket) -> None:
        if socket.bytesAvailable() > MAX_REQUEST_BYTES:
            socket.abort()
            return
        if not socket.canReadLine():
            return
        line = bytes(socket.readLine().data()).rstrip(b"\n")
        if not line.startswith(OPEN):
            socket.abort()
            return
        path = Path(os.fsdecode(line[len(OPEN) :]))
        socket.write(OPENED)
        socket.flush()
        socket.disconnectFromServer()
        # After the answer: opening may show a dialog, and the other process should not wait.
        QTimer.singleShot(0, self, lambda: self._open_path(path))
