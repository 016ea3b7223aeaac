#!/usr/bin/env python3
"""The lab's registration portal: GET /health answers "status: ok" over HTTPS on port 443 of each address given.

Usage: portal.py CERT KEY ADDRESS... (run inside the internet namespace by lab; the certificate is swapped by
"lab cert-expire" and "lab heal", which restart it).
"""
import http.server
import socket
import ssl
import sys
import threading


class Page(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self):
        body = b"<html><body>Registration: status: ok</body></html>\n" if self.path == "/health" else b"not here\n"
        self.send_response(200 if self.path == "/health" else 404)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


class Server(http.server.ThreadingHTTPServer):
    request_queue_size = 128

    def __init__(self, address, context):
        if ":" in address:
            self.address_family = socket.AF_INET6
        super().__init__((address, 443), Page)
        self.socket = context.wrap_socket(self.socket, server_side=True, do_handshake_on_connect=False)


def main():
    cert, key, addresses = sys.argv[1], sys.argv[2], sys.argv[3:]
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    servers = [Server(address, context) for address in addresses]
    for server in servers[1:]:
        threading.Thread(target=server.serve_forever, daemon=True).start()
    servers[0].serve_forever()


if __name__ == "__main__":
    main()
