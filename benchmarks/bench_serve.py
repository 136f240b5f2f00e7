"""A class in the browser: 30 sessions of `nntutor serve` open at once, in headless Chromium.

Run: python benchmarks/bench_serve.py [--sessions 30]   (needs playwright and Chromium)

Each session connects (textual-serve starts a tutor process for it), signs in under its own
name, opens the first lesson and its first exercise (which starts that session's sandbox
worker), as a student does. The sessions are held by websocket clients that read every frame
and type as xterm.js does, since in a class the 30 browsers run on 30 other machines
(`--browsers` holds them with Chromium pages here instead). Measured:
- time to the first frame (the first bytes of the screen reaching the page) for each
  session as the students arrive one after another, each while the earlier ones stay open;
- with all sessions open, the time to the first frame of one more student in real Chromium;
- the CPU the open sessions use while the students read (10 s);
- memory of one session: its tutor process and its sandbox worker, as PSS (shared pages
  counted once across processes, so the sum over sessions is what the machine pays) and RSS.
For reference, first frames with no other session open are measured first, interleaved with
those of a bare Textual app (one Static) served by textual-serve itself.
Targets: <= 150 MB per session, first frame <= 3 s with 30 open.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shlex
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


BARE_APP = ("from textual.app import App; from textual.widgets import Static\n"
            "class Bare(App):\n    def compose(self):\n        yield Static('hello')\n"
            "Bare().run()")
BARE_SERVER = ("import sys; from textual_serve.server import Server; "
               "Server(sys.argv[1], port=int(sys.argv[2])).serve()")


def start_server(data: Path | None) -> tuple[subprocess.Popen, str]:
    """`nntutor serve`, or with data=None textual-serve around a bare Textual app."""
    port = free_port()
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    if data is None:
        bare = shlex.join([sys.executable, "-c", BARE_APP])
        args = [sys.executable, "-c", BARE_SERVER, bare, str(port)]
    else:
        args = [sys.executable, "-m", "nntutor", "serve", "--port", str(port), "--data",
                str(data)]
    proc = subprocess.Popen(args, cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            time.sleep(0.1)
    return proc, f"http://127.0.0.1:{port}"


def children(pid: int) -> list[int]:
    """Child processes of every thread of `pid` (a thread's children are listed under it)."""
    out = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            out += [int(p) for p in (task / "children").read_text().split()]
        except OSError:
            pass
    return out


def tree(pid: int) -> list[int]:
    out = [pid]
    for child in children(pid):
        out += tree(child)
    return out


def comm(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/comm").read_text().strip()
    except OSError:
        return ""


def memory_kb(pid: int) -> tuple[int, int]:
    """(PSS, RSS) in kB of one process."""
    pss = rss = 0
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                pss = int(line.split()[1])
            elif line.startswith("Rss:"):
                rss = int(line.split()[1])
    except OSError:
        pass
    return pss, rss


def session_memory(server_pid: int) -> list[tuple[int, int, int]]:
    """Per session (a child tree of the server): (PSS kB, RSS kB, Python processes)."""
    out = []
    for top in children(server_pid):
        pids = [p for p in tree(top) if comm(p) != "sh"]  # textual-serve's `sh -c`
        mems = [memory_kb(p) for p in pids]
        out.append((sum(m[0] for m in mems), sum(m[1] for m in mems), len(pids)))
    return out


async def first_frame(page, url: str) -> float:
    start = time.perf_counter()
    await page.goto(url)
    await page.wait_for_selector("body.-first-byte", timeout=120_000)
    return time.perf_counter() - start


async def until(condition, seconds: float = 60.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        await asyncio.sleep(0.2)
    return False


async def be_a_student(page, name: str, data: Path) -> None:
    """Sign in, open the first lesson, open its first exercise (and its sandbox worker)."""
    home = data / "students" / name
    await page.locator(".xterm-helper-textarea").focus()
    await page.keyboard.type(name, delay=20)
    await page.keyboard.press("Enter")
    await until(lambda: (home / "progress.sqlite3").exists())
    await asyncio.sleep(0.5)
    await page.keyboard.press("Enter")  # the first lesson
    await until(lambda: (home / "place.json").exists())
    await asyncio.sleep(1.0)
    await page.keyboard.press("x")  # its first exercise: the sandbox worker starts


class SocketStudent:
    """A student whose browser is elsewhere: what the server sees of it is one websocket.
    It reads every frame the tutor sends and types as the page's terminal would."""

    def __init__(self, http, url: str) -> None:
        self.http, self.url = http, url
        self.frames = 0

    async def connect(self) -> float:
        start = time.perf_counter()
        self.ws = await self.http.ws_connect(self.url.replace("http", "ws", 1)
                                             + "/ws?width=100&height=30")
        self.first = asyncio.Event()
        self.reader = asyncio.create_task(self._read())
        await self.first.wait()
        return time.perf_counter() - start

    async def _read(self) -> None:
        async for message in self.ws:
            self.frames += 1
            self.last = time.monotonic()
            if isinstance(message.data, bytes) and len(message.data) > 10:
                self.first.set()  # what the page counts as its first frame

    async def settled(self, quiet: float = 0.5) -> None:
        """Wait until the tutor has drawn everything (nothing sent for `quiet` seconds)."""
        while time.monotonic() - self.last < quiet:
            await asyncio.sleep(0.1)

    async def keys(self, text: str) -> None:
        await self.ws.send_json(["stdin", text])

    async def be_a_student(self, name: str, data: Path) -> None:
        home = data / "students" / name
        await self.settled()
        await self.keys(name)
        await self.keys("\r")
        await until(lambda: (home / "progress.sqlite3").exists())
        await asyncio.sleep(0.5)
        await self.keys("\r")  # the first lesson
        await until(lambda: (home / "place.json").exists())
        await asyncio.sleep(1.0)
        await self.keys("x")  # its first exercise: the sandbox worker starts

    async def close(self) -> None:
        await self.ws.close()
        self.reader.cancel()


def cpu_seconds(pids: list[int]) -> float:
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])  # utime + stime
        except (OSError, IndexError, ValueError):
            pass
    return total / os.sysconf("SC_CLK_TCK")


def session_pids(server_pid: int) -> list[int]:
    return [p for top in children(server_pid) for p in tree(top)]


async def run(sessions: int, chromium: str, browsers: bool) -> None:
    from playwright.async_api import async_playwright

    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "class"
        bare_server, bare_url = start_server(None)
        server, url = start_server(data)
        try:
            async with async_playwright() as p:
                browser = await p.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
                alone, bare = [], []
                for _ in range(3):  # interleaved: the machine is shared and noisy
                    for target, times in ((url, alone), (bare_url, bare)):
                        page = await browser.new_page()
                        times.append(await first_frame(page, target))
                        await page.close()
                        await asyncio.sleep(1.0)
                bare_server.terminate()

                import aiohttp

                http = aiohttp.ClientSession()
                held, arrivals = [], []
                for k in range(sessions):
                    if browsers:
                        page = await browser.new_page(viewport={"width": 1000, "height": 600})
                        arrivals.append(await first_frame(page, url))
                        await be_a_student(page, f"student{k:02d}", data)
                    else:
                        student = SocketStudent(http, url)
                        arrivals.append(await student.connect())
                        await student.be_a_student(f"student{k:02d}", data)
                        held.append(student)
                await until(lambda: all(m[2] >= 2 for m in session_memory(server.pid)), 120)
                await asyncio.sleep(3.0)
                mem = session_memory(server.pid)
                pids = session_pids(server.pid)
                before, wall = cpu_seconds(pids), time.perf_counter()
                await asyncio.sleep(10.0)
                idle_cpu = (cpu_seconds(pids) - before) / (time.perf_counter() - wall)
                busy = []
                page = await browser.new_page(viewport={"width": 1000, "height": 600})
                for _ in range(3):  # one more student, in a real browser, with all open
                    busy.append(await first_frame(page, url))
                    await asyncio.sleep(2.0)
                await browser.close()
                for student in held:
                    await student.close()
                await http.close()
        finally:
            for proc in (bare_server, server):
                proc.terminate()  # the server then ends every session, which takes a while
            for proc in (bare_server, server):
                try:
                    proc.wait(timeout=180)
                except subprocess.TimeoutExpired:
                    proc.kill()

    pss = sorted(m[0] / 1024 for m in mem)
    rss = sorted(m[1] / 1024 for m in mem)
    procs = statistics.median(m[2] for m in mem)
    held_by = "Chromium pages" if browsers else "websocket clients (their browsers elsewhere)"
    print(f"{sessions} sessions held by {held_by}; {len(mem)} session process trees found, "
          f"{procs:g} processes each (the tutor and its sandbox worker)")
    alone, bare = statistics.median(alone), statistics.median(bare)
    print(f"load average (other work on this shared machine): {load_before:.1f} at the start, "
          f"{os.getloadavg()[0]:.1f} at the end, on {os.cpu_count()} cores")
    print(f"first frame, no other session open: {alone:.2f} s; a bare Textual app served by "
          f"textual-serve {bare:.2f} s ({alone / bare:.2f}x)")
    print(f"first frame as students arrive one by one: median {statistics.median(arrivals):.2f} s"
          f", the last (with {sessions - 1} open) {arrivals[-1]:.2f} s, "
          f"max {max(arrivals):.2f} s")
    print(f"idle CPU of all {len(mem)} open sessions together: {100 * idle_cpu:.1f}% of one core")
    print(f"first frame in Chromium with {sessions} open: median {statistics.median(busy):.2f} s "
          f"({busy[0]:.2f}, {busy[1]:.2f}, {busy[2]:.2f}); "
          f"{statistics.median(busy) / alone:.1f}x alone")
    print(f"memory per session: PSS median {statistics.median(pss):.0f} MB "
          f"(max {max(pss):.0f}); RSS median {statistics.median(rss):.0f} MB; "
          f"all {len(mem)} sessions together {sum(pss):.0f} MB PSS")
    print("targets: <= 150 MB per session, first frame <= 3 s with 30 open")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=30)
    parser.add_argument("--browsers", action="store_true",
                        help="hold the sessions with Chromium pages on this machine too (their "
                             "drawing then competes with the server for the same cores)")
    args = parser.parse_args()
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        print("no Chromium: apt-get install -y chromium", file=sys.stderr)
        return 2
    asyncio.run(run(args.sessions, chromium, args.browsers))
    return 0


if __name__ == "__main__":
    sys.exit(main())
