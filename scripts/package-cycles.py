#!/usr/bin/env python3
"""Package cycles among nicplan's own packages, from `jdeps -verbose:package` over the built module classes.

Usage: scripts/package-cycles.py [MODULE_DIR ...]   (default: every module with target/classes)
Prints each strongly connected component of two or more packages (a cycle) and a summary line;
exits 1 when there is a cycle. Run `mvn -B -q package -DskipTests` first.
"""
import glob
import os
import re
import subprocess
import sys

def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    dirs = sys.argv[1:] or sorted(os.path.dirname(d) for d in glob.glob(os.path.join(root, "*", "target", "classes")))
    class_dirs = [os.path.join(d, "classes") if not d.endswith("classes") else d for d in dirs]
    class_dirs = [d for d in class_dirs if os.path.isdir(d)]
    out = subprocess.run(["jdeps", "-verbose:package", "--multi-release", "17", "-e", r"io\.nicplan\..*",
                          *class_dirs], capture_output=True, text=True, check=True).stdout
    edges = {}
    current = None
    for line in out.splitlines():
        m = re.match(r"^\s+(io\.nicplan\.\S+)\s+->\s+(io\.nicplan\.\S+)", line)
        if m:
            a, b = m.group(1), m.group(2)
            if a != b:
                edges.setdefault(a, set()).add(b)
            edges.setdefault(b, set())
    packages = sorted(edges)
    # Tarjan's strongly connected components, iterative
    index, low, on, stack, sccs, counter = {}, {}, set(), [], [], [0]
    for start in packages:
        if start in index:
            continue
        work = [(start, iter(sorted(edges[start])))]
        index[start] = low[start] = counter[0]; counter[0] += 1; stack.append(start); on.add(start)
        while work:
            v, it = work[-1]
            advanced = False
            for w in it:
                if w not in index:
                    index[w] = low[w] = counter[0]; counter[0] += 1; stack.append(w); on.add(w)
                    work.append((w, iter(sorted(edges[w]))))
                    advanced = True
                    break
                if w in on:
                    low[v] = min(low[v], index[w])
            if advanced:
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[v])
            if low[v] == index[v]:
                comp = []
                while True:
                    w = stack.pop(); on.discard(w); comp.append(w)
                    if w == v:
                        break
                if len(comp) > 1:
                    sccs.append(sorted(comp))
    for c in sccs:
        print("cycle (%d packages): %s" % (len(c), ", ".join(c)))
    n_edges = sum(len(v) for v in edges.values())
    print("%d packages, %d package dependencies, %d cycles" % (len(packages), n_edges, len(sccs)))
    return 1 if sccs else 0

if __name__ == "__main__":
    sys.exit(main())
