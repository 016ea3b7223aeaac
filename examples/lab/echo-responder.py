#!/usr/bin/env python3
"""Answer ICMP echo requests (IPv4 and IPv6) after a delay with jitter.

The rehearsal lab's stand-in for `tc netem delay` on kernels without netem. Run it inside a node's network
namespace after switching the kernel's own replies off there:
    sysctl -w net.ipv4.icmp_echo_ignore_all=1 net.ipv6.icmp.echo_ignore_all=1
Usage: echo-responder.py DELAY_MS [JITTER_MS]
"""
import heapq
import itertools
import random
import select
import socket
import struct
import sys
import time


def checksum(data: bytes) -> int:
    if len(data) % 2:
        data += b"\0"
    total = sum(struct.unpack(f"!{len(data) // 2}H", data))
    while total >> 16:
        total = (total & 0xFFFF) + (total >> 16)
    return ~total & 0xFFFF


def reply_to(sock: socket.socket, data: bytes):
    if sock.family == socket.AF_INET:
        icmp = data[(data[0] & 0x0F) * 4:]
        if len(icmp) < 8 or icmp[0] != 8:
            return None
        reply = bytearray(icmp)
        reply[0] = 0
        reply[2:4] = b"\0\0"
        reply[2:4] = struct.pack("!H", checksum(bytes(reply)))
        return bytes(reply)
    if len(data) < 8 or data[0] != 128:
        return None
    reply = bytearray(data)
    reply[0] = 129
    reply[2:4] = b"\0\0"  # the kernel computes ICMPv6 checksums
    return bytes(reply)


def main() -> None:
    delay = float(sys.argv[1]) / 1000
    jitter = float(sys.argv[2]) / 1000 if len(sys.argv) > 2 else 0.0
    sockets = [socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP)]
    try:
        sockets.append(socket.socket(socket.AF_INET6, socket.SOCK_RAW, socket.IPPROTO_ICMPV6))
    except OSError:
        pass
    due = []
    order = itertools.count()
    while True:
        timeout = max(0.0, due[0][0] - time.monotonic()) if due else None
        readable, _, _ = select.select(sockets, [], [], timeout)
        for sock in readable:
            data, address = sock.recvfrom(65535)
            reply = reply_to(sock, data)
            if reply is not None:
                when = time.monotonic() + max(0.0, delay + random.uniform(-jitter, jitter))
                heapq.heappush(due, (when, next(order), sock, reply, address))
        now = time.monotonic()
        while due and due[0][0] <= now:
            _, _, sock, reply, address = heapq.heappop(due)
            try:
                sock.sendto(reply, address)
            except OSError:
                pass  # the link went down meanwhile: the reply is lost, as it would be on a real network


if __name__ == "__main__":
    main()
