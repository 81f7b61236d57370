"""Concurrency Lab: the channels of the IPC lab's Python mechanisms (standard library only).

Every channel is one direction with send(message) and recv() -> message, or None at end of
stream. Framed runs send frames (ipc_frames.py); baseline ("raw") runs send the bare payload
through the bare form of the same channel: os.write/os.read on the Connection's or queue's own
file descriptors, the same SharedMemory ring, the same queue.Queue.
"""

import os
import socket
import struct

_LEN = struct.Struct("<I")


class FdStream:
    """Bare os.write / os.readv of fixed-size messages on a file descriptor (pipe or socket)."""

    def __init__(self, fd, size):
        self.fd = fd
        self.size = size
        self.buf = bytearray(size)
        self.view = memoryview(self.buf)

    def send(self, message):
        view = memoryview(message)
        while len(view):
            view = view[os.write(self.fd, view) :]

    def recv(self):
        got = 0
        while got < self.size:
            n = os.readv(self.fd, [self.view[got:]])
            if n == 0:
                break
            got += n
        if got == self.size:
            return self.buf
        return bytes(self.buf[:got]) if got else None


class SocketStream:
    """socket.sendall / recv_into of fixed-size messages; the end frame is followed by shutdown."""

    def __init__(self, sock, size):
        self.sock = sock
        self.size = size
        self.buf = bytearray(size)
        self.view = memoryview(self.buf)

    def send(self, message):
        self.sock.sendall(message)

    def finish(self):
        try:
            self.sock.shutdown(socket.SHUT_WR)
        except OSError:
            pass

    def recv(self):
        got = 0
        while got < self.size:
            n = self.sock.recv_into(self.view[got:])
            if n == 0:
                break
            got += n
        if got == self.size:
            return self.buf
        return bytes(self.buf[:got]) if got else None


class ConnBytes:
    """multiprocessing Connection: send_bytes / recv_bytes."""

    def __init__(self, conn):
        self.conn = conn

    def send(self, message):
        self.conn.send_bytes(message)

    def recv(self):
        try:
            return self.conn.recv_bytes()
        except EOFError:
            return None


class ConnPickle(ConnBytes):
    """multiprocessing Connection: pickled send / recv of the message object."""

    def send(self, message):
        self.conn.send(bytes(message))

    def recv(self):
        try:
            return self.conn.recv()
        except EOFError:
            return None


class QueueEnd:
    """Anything with put/get: multiprocessing Queue, SimpleQueue, a manager's Queue proxy,
    queue.Queue. Every queue is given bytes, as a program would put them: a queue that keeps the
    object past put() (queue.Queue; Queue, whose feeder thread pickles it later) needs its own
    copy of the sender's reused buffer anyway, and one that pickles inside put() pickles bytes
    about twice as fast as a bytearray (protocol 4 has no bytearray opcode: it goes through
    __reduce_ex__, and the receiver rebuilds a bytearray from a bytes copy)."""

    def __init__(self, q):
        self.q = q

    def send(self, message):
        self.q.put(bytes(message))

    def recv(self):
        return self.q.get()


class DictMailbox:
    """A manager's dict proxy as a mailbox: message k is stored under key k (a set, then a pop,
    each a round trip through the manager's server process); two semaphores count filled and
    free keys so a fast sender cannot grow the server without bound."""

    def __init__(self, d, items, space):
        self.d = d
        self.items = items
        self.space = space
        self.sent = 0
        self.taken = 0

    def send(self, message):
        self.space.acquire()
        self.d[self.sent] = bytes(message)
        self.sent += 1
        self.items.release()

    def recv(self):
        self.items.acquire()
        message = self.d.pop(self.taken)
        self.taken += 1
        self.space.release()
        return message


class ShmRing:
    """A ring of slots in a SharedMemory block: `space` counts free slots, `items` filled ones
    (POSIX semaphores). A slot holds a u32 length and the message; recv copies it out."""

    def __init__(self, buf, offset, slots, size, items, space):
        self.buf = buf
        self.offset = offset
        self.slots = slots
        self.stride = size + 4
        self.items = items
        self.space = space
        self.head = 0
        self.tail = 0

    @staticmethod
    def bytes_needed(slots, size):
        return slots * (size + 4)

    def send(self, message):
        self.space.acquire()
        at = self.offset + (self.head % self.slots) * self.stride
        n = len(message)
        _LEN.pack_into(self.buf, at, n)
        self.buf[at + 4 : at + 4 + n] = message
        self.head += 1
        self.items.release()

    def recv(self):
        self.items.acquire()
        at = self.offset + (self.tail % self.slots) * self.stride
        n = _LEN.unpack_from(self.buf, at)[0]
        message = bytes(self.buf[at + 4 : at + 4 + n])
        self.tail += 1
        self.space.release()
        return message
