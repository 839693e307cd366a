#!/usr/bin/env python3
"""Time from exec of `weibao serve` to its first answered GET /healthz.

usage: startup.py WEIBAO DATA_DIR [runs]   — prints each run and the median in ms.
"""
import socket, statistics, subprocess, sys, time

def free_port():
    s = socket.socket(); s.bind(("127.0.0.1", 0)); p = s.getsockname()[1]; s.close(); return p

def first_answer(port, deadline):
    req = b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1) as c:
                c.sendall(req)
                if c.recv(64).startswith(b"HTTP/1.1 200"):
                    return True
        except OSError:
            time.sleep(0.0005)
    return False

def main():
    binary, data = sys.argv[1], sys.argv[2]
    runs = int(sys.argv[3]) if len(sys.argv) > 3 else 10
    times = []
    for i in range(runs):
        port = free_port()
        t0 = time.monotonic()
        p = subprocess.Popen([binary, "serve", "--data", data, "--listen", f"127.0.0.1:{port}"],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        ok = first_answer(port, t0 + 10)
        ms = (time.monotonic() - t0) * 1000
        p.terminate(); p.wait()
        if not ok:
            sys.exit(f"run {i + 1}: no answer within 10 s")
        times.append(ms)
        print(f"run {i + 1}: {ms:.1f} ms")
    print(f"median start-up to first answer: {statistics.median(times):.1f} ms over {runs} runs")

if __name__ == "__main__":
    main()
