# builds/validates cases.json for held out 13 and checks every script
import json, os, re, subprocess, sys, difflib
PY = "/work/venv/bin/python"
here = os.path.dirname(os.path.abspath(__file__))
os.chdir(here)
def run(f):
    return subprocess.run([PY, f], capture_output=True, text=True, timeout=60)
bases = sorted(f for f in os.listdir(".") if re.match(r"b13_\w+_ok\.py$", f))
last = {}
for b in bases:
    r1, r2 = run(b), run(b)
    assert r1.returncode == 0 and r2.returncode == 0, b
    l1, l2 = r1.stdout.strip().splitlines()[-1], r2.stdout.strip().splitlines()[-1]
    assert l1 == l2, b
    last[b] = l1
    print("OK base", b, "|", l1)
cases = {}
for f in sorted(os.listdir(".")):
    m = re.match(r"b13_(functional|digits|moons|layers)_(\w+)\.py$", f)
    if not m or m.group(2) == "ok":
        continue
    style, cat = m.groups()
    base = f"b13_{style}_ok.py"
    a, b = open(base).read().splitlines(), open(f).read().splitlines()
    assert len(a) == len(b), f
    diff = [i for i in range(len(a)) if a[i] != b[i]]
    assert len(diff) == 1, (f, diff)
    mistake = diff[0] + 1
    r = run(f)
    assert r.returncode != 0, f
    err = r.stderr.strip().splitlines()[-1]
    assert err.startswith("ValueError") and ("broadcast" in err or "matmul" in err or "shape" in err), (f, err)
    frames = re.findall(r'File "([^"]+)", line (\d+)', r.stderr)
    failing = [int(n) for p, n in frames if os.path.basename(p) == f][-1]
    name = f[:-3]
    cases[name] = {"correct": base, "error": "own" if failing == mistake else "downstream",
                   "mistake_line": mistake, "failing_line": failing, "category": cat,
                   "style": style, "set": "held out 13"}
    # the reverted line must give back the base's last line
    print(f"{name}: {cases[name]['error']} {mistake}->{failing} | {err[:80]}")
assert len(cases) == 16
if os.path.exists("cases.json"):
    old = json.load(open("cases.json"))
    assert old == cases, "cases.json differs from runs"
    print("cases.json matches")
else:
    json.dump(cases, open("cases.json", "w"), indent=2)
    print("wrote cases.json")
print("downstream:", sum(c["error"] == "downstream" for c in cases.values()))
from collections import Counter
print(Counter(c["category"] for c in cases.values()))
