"""Bad input on the kernel's wire, sent with raw pyzmq sockets: every kind is dropped or answered with an error reply,
and the next valid request is still served."""

import hashlib
import hmac
import json
import uuid

import pytest
import zmq

DELIM = b"<IDS|MSG>"


class Raw:
    """Raw DEALER/SUB sockets on a running kernel's ports, signing with its key when asked."""

    def __init__(self, km):
        info = km.get_connection_info()
        self.key = info["key"] if isinstance(info["key"], bytes) else info["key"].encode()
        self.ctx = zmq.Context()
        self.addr = lambda port: f"{info['transport']}://{info['ip']}:{info[port]}"
        self.sockets = []
        self.shell = self.dealer("shell_port")
        self.control = self.dealer("control_port")
        self.stdin = self.dealer("stdin_port")

    def dealer(self, port):
        socket = self.ctx.socket(zmq.DEALER)
        socket.setsockopt(zmq.LINGER, 0)
        socket.connect(self.addr(port))
        self.sockets.append(socket)
        return socket

    def socket(self, kind, port):
        socket = self.ctx.socket(kind)
        socket.setsockopt(zmq.LINGER, 0)
        socket.connect(self.addr(port))
        self.sockets.append(socket)
        return socket

    def frames(self, msg_type, content=None, version="5.3", key=None):
        """The four JSON frames of a message (header, parent, metadata, content) and their signature."""
        header = {
            "msg_id": uuid.uuid4().hex,
            "msg_type": msg_type,
            "username": "hostile",
            "session": uuid.uuid4().hex,
            "date": "2026-01-01T00:00:00Z",
            "version": version,
        }
        parts = [json.dumps(p).encode() for p in (header, {}, {}, content if content is not None else {})]
        return header["msg_id"], parts

    def sign(self, parts, key=None):
        mac = hmac.new(self.key if key is None else key, digestmod=hashlib.sha256)
        for part in parts:
            mac.update(part)
        return mac.hexdigest().encode()

    def send(self, socket, msg_type, content=None, version="5.3"):
        msg_id, parts = self.frames(msg_type, content, version)
        socket.send_multipart([DELIM, self.sign(parts), *parts])
        return msg_id

    def reply(self, socket, msg_id=None, timeout_ms=10_000):
        """The next reply on `socket` (to `msg_id` if given) as (header, content), or None after the timeout."""
        while socket.poll(timeout_ms):
            frames = socket.recv_multipart()
            at = frames.index(DELIM)
            signature, header, parent, _metadata, content = frames[at + 1 : at + 6]
            assert hmac.compare_digest(signature, self.sign([header, parent, _metadata, content]))
            header, parent = json.loads(header), json.loads(parent)
            if msg_id is None or parent.get("msg_id") == msg_id:
                return header, json.loads(content)
        return None

    def served(self):
        """A valid kernel_info_request on shell is answered."""
        msg_id = self.send(self.shell, "kernel_info_request")
        answer = self.reply(self.shell, msg_id)
        assert answer is not None, "kernel_info_request was not served"
        assert answer[0]["msg_type"] == "kernel_info_reply"

    def close(self):
        for socket in self.sockets:
            socket.close()
        self.ctx.term()


@pytest.fixture
def raw(kernel):
    km, _ = kernel
    wire = Raw(km)
    try:
        yield wire
    finally:
        wire.close()
    assert km.is_alive()


def test_wrong_or_missing_hmac_is_dropped_and_the_next_request_served(raw):
    msg_id, parts = raw.frames("kernel_info_request")
    for signature in [b"", b"0" * 64, raw.sign(parts, key=b"wrong"), raw.sign(parts)[:-1]]:
        raw.shell.send_multipart([DELIM, signature, *parts])
    # Signed correctly but the content changed after signing.
    signature = raw.sign(parts)
    raw.shell.send_multipart([DELIM, signature, parts[0], parts[1], parts[2], b'{"x": 1}'])
    assert raw.reply(raw.shell, msg_id, timeout_ms=1000) is None
    raw.served()


def test_truncated_and_garbled_multipart_frames_are_dropped(raw):
    msg_id, parts = raw.frames("kernel_info_request")
    signature = raw.sign(parts)
    for frames in [
        [DELIM],
        [DELIM, signature],
        [DELIM, signature, parts[0]],
        [DELIM, signature, *parts[:3]],
        [signature, *parts],  # no delimiter
        [b"\xff\xfe garbage"],
        [b""],
    ]:
        raw.shell.send_multipart(frames)
    assert raw.reply(raw.shell, msg_id, timeout_ms=1000) is None
    raw.served()


def test_signed_invalid_json_gets_no_crash_and_the_next_request_served(raw):
    for parts in [
        [b"{not json", b"{}", b"{}", b"{}"],
        [b"[]", b"{}", b"{}", b"{}"],
        [b'{"msg_type": 5}', b"{}", b"{}", b"{}"],
        [json.dumps({"msg_id": "x", "msg_type": "execute_request"}).encode(), b"{}", b"{}", b"\xff\xfe"],
    ]:
        raw.shell.send_multipart([DELIM, raw.sign(parts), *parts])
    raw.served()


def test_unknown_msg_type_and_wrong_protocol_version_get_answers(raw):
    msg_id = raw.send(raw.shell, "no_such_request")
    header, content = raw.reply(raw.shell, msg_id)
    assert header["msg_type"] == "no_such_reply"
    assert content["status"] == "error"
    msg_id = raw.send(raw.control, "no_such_request")
    _, content = raw.reply(raw.control, msg_id)
    assert content["status"] == "error"
    for version in ["1.0", "99.0", "", "five"]:
        msg_id = raw.send(raw.shell, "kernel_info_request", version=version)
        header, content = raw.reply(raw.shell, msg_id)
        assert header["msg_type"] == "kernel_info_reply"
        # The version the kernel implements (5.5: XPUB + iopub_welcome; 5.4's supported_features), whatever the
        # client's.
        assert header["version"] == "5.5"
        assert content["protocol_version"] == "5.5"
        assert content["supported_features"] == []
    # Replies nobody asked for, and requests on the wrong socket, are ignored.
    raw.send(raw.stdin, "input_reply", {"value": "unasked"})
    raw.send(raw.shell, "input_reply", {"value": "unasked"})
    raw.send(raw.shell, "execute_reply", {"status": "ok"})
    raw.served()


def test_a_thirty_megabyte_message_does_not_stop_the_kernel(raw):
    big = "x" * (30 * 1024 * 1024)
    msg_id = raw.send(raw.shell, "execute_request", {"code": f"'{big}'.length", "silent": False})
    answer = raw.reply(raw.shell, msg_id, timeout_ms=120_000)
    assert answer is not None
    assert answer[0]["msg_type"] == "execute_reply"
    raw.served()


def test_garbage_on_every_socket_including_heartbeat_and_iopub(raw):
    garbage = [b"\x00" * 3, b"\xff" * 1000, b"<IDS|MSG>", b"{}", b"x" * 100_000]
    for socket in (raw.shell, raw.control, raw.stdin):
        for blob in garbage:
            socket.send_multipart([blob, blob])
            socket.send(blob)
    pub = raw.socket(zmq.XSUB, "iopub_port")
    for blob in garbage:
        pub.send(b"\x01" + blob)  # a subscription with a garbage topic
        pub.send(b"\x00" + blob)  # an unsubscription
        pub.send(b"\x05" + blob)  # neither
    beat = raw.socket(zmq.REQ, "hb_port")
    beat.send(b"\xff\x00 not a ping")
    assert beat.poll(10_000), "heartbeat did not echo"
    assert beat.recv() == b"\xff\x00 not a ping"
    raw.served()
    msg_id = raw.send(raw.control, "kernel_info_request")
    assert raw.reply(raw.control, msg_id) is not None
