#!/usr/bin/env python3
"""Opens an HTML report in headless Chromium and says what the browser saw.

Drives Debian's `chromium` over the DevTools protocol (websocket-client; loopback only,
the debugging port is ephemeral) so the tests, the benchmark and the docs screenshot all
look at a report the way a reader's browser does:

- console messages, uncaught exceptions, dialogs (alert/confirm/prompt) the page opened,
  every network request other than the report itself (`requests`), and those the browser
  refused before sending, e.g. by the page's CSP (`blocked_requests`);
- load timing: navigation start to the load event, and to the second animation frame
  after it (layout and first paint done: the page is usable);
- facts about the page (`--probe`: a JavaScript expression evaluated after load, its
  value returned as JSON), optionally after the page's own script was exercised
  (`--exercise`: sort by every column, filter on a text);
- a PNG screenshot (`--screenshot`).

`--bypass-csp` loads the page with its Content-Security-Policy switched off, so an
injection test sees whether escaping alone keeps hostile values inert. `--no-scripts`
loads it with JavaScript disabled (the page must read well without).

usage: report_browser.py REPORT.html [--probe JS] [--exercise TEXT] [--screenshot PNG]
       [--width 1280] [--height 900] [--full-page] [--bypass-csp] [--no-scripts] [--timeout 60]
Prints one JSON object on stdout. Exit 0 when the page loaded, 2 when it did not.
"""
import argparse
import json
import os
import pathlib
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request

import websocket  # websocket-client (PyPI); scripts/test.sh installs it


def chromium_binary():
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    sys.exit("report_browser: chromium is not installed: run scripts/ensure-deps.sh (apt-get install chromium)")


def start_browser(profile):
    arguments = [
        chromium_binary(), "--headless=new", "--disable-gpu", "--remote-debugging-address=127.0.0.1",
        "--remote-debugging-port=0", "--user-data-dir=" + profile, "--no-first-run", "--no-default-browser-check",
        "--disable-extensions", "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-default-apps", "--disable-features=Translate,MediaRouter,OptimizationHints", "--mute-audio",
        "--hide-scrollbars", "about:blank",
    ]
    if os.geteuid() == 0:
        arguments.insert(1, "--no-sandbox")  # Chromium refuses to run as root with its sandbox
    process = subprocess.Popen(arguments, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
    port_file = pathlib.Path(profile, "DevToolsActivePort")
    deadline = time.time() + 30
    while time.time() < deadline:
        if process.poll() is not None:
            sys.exit("report_browser: chromium exited: " + process.stderr.read().decode(errors="replace")[-2000:])
        if port_file.exists():
            lines = port_file.read_text().split()
            if lines:
                return process, int(lines[0])
        time.sleep(0.05)
    process.kill()
    sys.exit("report_browser: chromium did not open its DevTools port within 30 s")


class Page:
    def __init__(self, port):
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=10) as response:
            targets = json.load(response)
        page = next(target for target in targets if target["type"] == "page")
        self.socket = websocket.create_connection(page["webSocketDebuggerUrl"], timeout=60, suppress_origin=True)
        self.next_id = 0
        self.events = []

    def call(self, method, **params):
        self.next_id += 1
        ident = self.next_id
        self.socket.send(json.dumps({"id": ident, "method": method, "params": params}))
        while True:
            message = json.loads(self.socket.recv())
            if message.get("id") == ident:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result", {})
            self.handle(message)

    def handle(self, message):
        if "method" not in message:
            return
        self.events.append(message)
        if message["method"] == "Page.javascriptDialogOpening":
            # Answer it, or the page stays blocked; the dialog is reported as a finding.
            self.socket.send(json.dumps({"id": 0, "method": "Page.handleJavaScriptDialog", "params": {"accept": False}}))

    def wait_for(self, method, timeout):
        deadline = time.time() + timeout
        seen = len(self.events)
        while time.time() < deadline:
            for event in self.events[seen:]:
                if event["method"] == method:
                    return event
            seen = len(self.events)
            self.socket.settimeout(max(deadline - time.time(), 0.01))
            try:
                self.handle(json.loads(self.socket.recv()))
            except websocket.WebSocketTimeoutException:
                break
        raise TimeoutError(f"no {method} within {timeout} s")

    def evaluate(self, expression, await_promise=False):
        result = self.call("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=await_promise)
        if "exceptionDetails" in result:
            raise RuntimeError("evaluation failed: " + json.dumps(result["exceptionDetails"])[:2000])
        return result["result"].get("value")


EXERCISE = """
(async (needle) => {
  const frame = () => new Promise((resolve) => requestAnimationFrame(() => resolve()));
  const header = document.querySelector("#findings .columns");
  const buttons = Array.from(header.querySelectorAll("th button"));
  const started = performance.now();
  const sorted = [];
  for (const button of buttons) {
    button.click();
    await frame();
    sorted.push(header.querySelector("[aria-sort]") === button.parentElement);
  }
  const sortMs = performance.now() - started;
  const query = document.getElementById("query");
  query.value = needle;
  query.dispatchEvent(new Event("input", {bubbles: true}));
  await frame();
  const visible = Array.from(document.querySelectorAll("#findings tbody tr")).filter((row) => !row.hidden).length;
  return {buttons: buttons.length, sorted, sortMs, filterVisible: visible, shown: document.getElementById("shown").textContent};
})
"""


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("report")
    parser.add_argument("--probe", default="null")
    parser.add_argument("--exercise")
    parser.add_argument("--screenshot")
    parser.add_argument("--width", type=int, default=1280)
    parser.add_argument("--height", type=int, default=900)
    parser.add_argument("--full-page", action="store_true")
    parser.add_argument("--bypass-csp", action="store_true")
    parser.add_argument("--no-scripts", action="store_true")
    parser.add_argument("--timeout", type=float, default=60)
    args = parser.parse_args()
    url = pathlib.Path(args.report).resolve().as_uri()

    profile = tempfile.mkdtemp(prefix="certkeeper-chromium-")
    process = None
    try:
        process, port = start_browser(profile)
        page = Page(port)
        for domain in ("Page", "Runtime", "Log", "Network"):
            page.call(domain + ".enable")
        page.call("Emulation.setDeviceMetricsOverride", width=args.width, height=args.height, deviceScaleFactor=1, mobile=False)
        if args.bypass_csp:
            page.call("Page.setBypassCSP", enabled=True)
        if args.no_scripts:
            page.call("Emulation.setScriptExecutionDisabled", value=True)
        page.events.clear()
        started = time.time()
        page.call("Page.navigate", url=url)
        page.wait_for("Page.loadEventFired", args.timeout)
        loaded = time.time()
        if not args.no_scripts:  # a promise would never settle with scripts off
            page.evaluate("new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve(true))))",
                          await_promise=True)
        ready = time.time()
        navigation = page.evaluate("JSON.stringify(performance.getEntriesByType('navigation')[0] || {})")
        probe = page.evaluate(args.probe)
        exercise = None
        if args.exercise is not None:
            exercise = page.evaluate(EXERCISE + "(" + json.dumps(args.exercise) + ")", await_promise=True)
        screenshot = None
        if args.screenshot:
            shot = page.call("Page.captureScreenshot", format="png", captureBeyondViewport=args.full_page)
            import base64
            pathlib.Path(args.screenshot).write_bytes(base64.b64decode(shot["data"]))
            screenshot = args.screenshot
        # Late console output (from the exercise) arrives as events: drain briefly.
        try:
            page.wait_for("Never.happens", 0.2)
        except TimeoutError:
            pass
        result = {"url": url, "console": [], "exceptions": [], "dialogs": [], "requests": [], "blocked_requests": []}
        requested = {}
        blocked = set()
        for event in page.events:
            method, params = event["method"], event.get("params", {})
            if method == "Runtime.consoleAPICalled":
                text = " ".join(str(arg.get("value", arg.get("description", ""))) for arg in params.get("args", []))
                result["console"].append({"level": params.get("type"), "text": text})
            elif method == "Log.entryAdded":
                entry = params["entry"]
                result["console"].append({"level": entry.get("level"), "text": entry.get("text"), "source": entry.get("source")})
            elif method == "Runtime.exceptionThrown":
                result["exceptions"].append(params["exceptionDetails"].get("text", "") + " "
                                            + str(params["exceptionDetails"].get("exception", {}).get("description", "")))
            elif method == "Page.javascriptDialogOpening":
                result["dialogs"].append({"type": params.get("type"), "message": params.get("message")})
            elif method == "Network.requestWillBeSent":
                if params["request"]["url"] != url:
                    requested[params["requestId"]] = params["request"]["url"]
            elif method == "Network.loadingFailed" and params.get("blockedReason"):
                # Refused by the browser before anything left it (the CSP, for one).
                blocked.add(params["requestId"])
        for ident, request_url in requested.items():
            result["blocked_requests" if ident in blocked else "requests"].append(request_url)
        nav = json.loads(navigation)
        result.update({
            "load_ms": round((loaded - started) * 1000, 1),
            "ready_ms": round((ready - started) * 1000, 1),
            "dom_content_loaded_ms": round(nav.get("domContentLoadedEventEnd", 0), 1),
            "load_event_ms": round(nav.get("loadEventEnd", 0), 1),
            "probe": probe,
            "exercise": exercise,
            "screenshot": screenshot,
        })
        print(json.dumps(result))
    except (TimeoutError, RuntimeError, StopIteration, OSError, websocket.WebSocketException) as error:
        print(json.dumps({"error": str(error)}))
        sys.exit(2)
    finally:
        if process is not None:
            try:
                os.killpg(process.pid, signal.SIGTERM)
                process.wait(timeout=10)
            except (ProcessLookupError, subprocess.TimeoutExpired):
                os.killpg(process.pid, signal.SIGKILL)
        shutil.rmtree(profile, ignore_errors=True)


if __name__ == "__main__":
    main()
