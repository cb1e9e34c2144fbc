#!/usr/bin/env python3
"""Misbehaving HTTP(S) servers for certkeeper's transport tests (loopback only).

Each mode answers every request the same way, so a test can check that the client's
limits hold against a real socket. Started by the tests on an ephemeral port (written to
--port-file once listening), stopped by PID.

usage: network_test_server.py --mode MODE --port-file FILE [--cert PEM --key PEM] [--log FILE]
                              [--location URL] [--max-tls 1.1]

modes:
  ok            200 with a small JSON body
  drip          200 announcing 100 bytes, then one byte per second
  huge          200 with Content-Length 50 MiB, streaming zeros
  huge-chunked  200 without Content-Length (HTTP/1.0, body until close), 50 MiB of zeros
  redirect      302 to --location
--log appends "METHOD PATH" per request (so a test can tell whether a request arrived).
"""
import argparse
import http.server
import signal
import socketserver
import ssl
import sys
import os
import time

BIG = 50 * 1024 * 1024


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--mode", required=True, choices=["ok", "drip", "huge", "huge-chunked", "redirect"])
    parser.add_argument("--port-file", required=True)
    parser.add_argument("--cert")
    parser.add_argument("--key")
    parser.add_argument("--log")
    parser.add_argument("--location", default="")
    parser.add_argument("--max-tls")
    args = parser.parse_args()
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM, signal.SIGINT})
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))

    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.0"

        def log_message(self, *_):
            pass

        def handle_any(self):
            length = int(self.headers.get("Content-Length") or 0)
            if length:
                self.rfile.read(length)
            if args.log:
                with open(args.log, "a") as handle:
                    handle.write(f"{self.command} {self.path}\n")
            try:
                getattr(self, "answer_" + args.mode.replace("-", "_"))()
            except (BrokenPipeError, ConnectionResetError, ssl.SSLError):
                pass

        def answer_ok(self):
            body = b'{"ok":true}'
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def answer_drip(self):
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", "100")
            self.end_headers()
            self.wfile.flush()
            for _ in range(100):
                self.wfile.write(b" ")
                self.wfile.flush()
                time.sleep(1)

        def stream_zeros(self):
            chunk = b"0" * 65536
            for _ in range(BIG // len(chunk)):
                self.wfile.write(chunk)

        def answer_huge(self):
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(BIG))
            self.end_headers()
            self.stream_zeros()

        def answer_huge_chunked(self):
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            self.stream_zeros()

        def answer_redirect(self):
            self.send_response(302)
            self.send_header("Location", args.location)
            self.send_header("Content-Length", "0")
            self.end_headers()

        do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = handle_any

    class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
        daemon_threads = True

    server = Server(("127.0.0.1", 0), Handler)
    if args.cert:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(args.cert, args.key)
        if args.max_tls == "1.1":
            context.set_ciphers("DEFAULT:@SECLEVEL=0")
            context.minimum_version = ssl.TLSVersion.TLSv1
            context.maximum_version = ssl.TLSVersion.TLSv1_1
        server.socket = context.wrap_socket(server.socket, server_side=True)
    with open(args.port_file + ".tmp", "w") as handle:
        handle.write(str(server.server_address[1]))
    os.rename(args.port_file + ".tmp", args.port_file)
    server.serve_forever()


if __name__ == "__main__":
    main()
