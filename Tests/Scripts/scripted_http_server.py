#!/usr/bin/env python3
"""A scripted HTTP server for certkeeper's tests (loopback only).

Answers the n-th request with the n-th scripted response and records every request, so a
test can check what the client really sent over a real socket. Started by the tests through
TestSupport's ScriptedHTTPServer on an ephemeral port, stopped by PID.

usage: scripted_http_server.py --script FILE --record FILE --port-file FILE

script: a JSON list of {"status": int, "headers": {name: value}, "body": "text", "delay": seconds};
        "{{BASE}}" in a body is replaced by the server's own http://127.0.0.1:PORT
record: one JSON object per line: {"method", "path", "headers", "body", "form"}
        ("form" is the body parsed by urllib.parse as application/x-www-form-urlencoded)
"""
import argparse
import http.server
import json
import os
import signal
import sys
import time
import urllib.parse


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--script", required=True)
    parser.add_argument("--record", required=True)
    parser.add_argument("--port-file", required=True)
    args = parser.parse_args()
    # A test process may spawn us with SIGTERM blocked (Swift's Process on Linux passes its
    # thread's signal mask on): unblock it so "stop by PID" works.
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM, signal.SIGINT})
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    with open(args.script) as handle:
        script = json.load(handle)
    served = {"count": 0}

    class Handler(http.server.BaseHTTPRequestHandler):
        # HTTP/1.0: one request per connection, so a single-threaded server never stalls
        # on an idle keep-alive connection.
        protocol_version = "HTTP/1.0"

        def log_message(self, *_):
            pass

        def handle_any(self):
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length).decode("utf-8", "replace") if length else ""
            form = {}
            if self.headers.get("Content-Type", "").startswith("application/x-www-form-urlencoded"):
                form = dict(urllib.parse.parse_qsl(body, keep_blank_values=True))
            with open(args.record, "a") as record:
                record.write(json.dumps({
                    "method": self.command, "path": self.path,
                    "headers": {k.lower(): v for k, v in self.headers.items()},
                    "body": body, "form": form,
                }) + "\n")
            index = served["count"]
            served["count"] += 1
            if index >= len(script):
                answer = {"status": 418, "headers": {"Content-Type": "text/plain"}, "body": "script exhausted"}
            else:
                answer = script[index]
            if answer.get("delay"):
                time.sleep(answer["delay"])
            # "{{BASE}}" stands for this server's own URL (next links pointing back at it).
            base = "http://127.0.0.1:%d" % self.server.server_address[1]
            payload = answer.get("body", "").replace("{{BASE}}", base).encode()
            self.send_response(answer["status"])
            for name, value in answer.get("headers", {}).items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = handle_any

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    temporary = args.port_file + ".tmp"
    with open(temporary, "w") as handle:
        handle.write(str(server.server_address[1]))
    os.replace(temporary, args.port_file)
    server.serve_forever()


if __name__ == "__main__":
    main()
