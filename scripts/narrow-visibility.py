#!/usr/bin/env python3
"""Public top-level types that nothing outside their own package uses: candidates for package-private.

Run after a build (`mvn -B verify` or `-DskipTests package`): reads class-level dependencies of every
module's main and test classes with jdeps, and the declarations from the sources. A type stays public
when another package (main or test code, any module) uses it, when a framework needs it public
(java.util.ServiceLoader providers, JMH benchmarks, `main` entry points), or when it is listed on the
command line as --keep. With --apply it removes the `public` modifier from each candidate's declaration;
compile and test afterwards, because reflection-only uses are invisible to jdeps.
"""
import argparse
import pathlib
import re
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
DECL = re.compile(r'^public\s+((?:final|abstract|sealed|non-sealed|static|strictfp)\s+)*'
                  r'(class|interface|record|enum|@interface)\s+(\w+)', re.M)
DEP = re.compile(r'^\s+(io\.nicplan\.[\w.$]+)\s+->\s+(io\.nicplan\.[\w.$]+)\s', re.M)


def top_level(name):
    return name.split('$', 1)[0]


def package_of(name):
    return name.rsplit('.', 1)[0]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--apply', action='store_true', help='make the candidates package-private')
    parser.add_argument('--keep', action='append', default=[], help='fully qualified name to leave public')
    args = parser.parse_args()

    class_dirs = sorted(str(p) for p in ROOT.glob('*/target/classes')) + \
        sorted(str(p) for p in ROOT.glob('*/target/test-classes'))
    if not class_dirs:
        sys.exit('no target/classes: build first')
    jdeps = subprocess.run(['jdeps', '-verbose:class', '-filter:none', *class_dirs],
                           capture_output=True, text=True)
    used_from_elsewhere = set()
    for origin, target in DEP.findall(jdeps.stdout):
        origin, target = top_level(origin), top_level(target)
        if package_of(origin) != package_of(target):
            used_from_elsewhere.add(target)

    providers = set()
    for services in ROOT.glob('*/src/main/resources/META-INF/services/*'):
        providers.update(line.strip() for line in services.read_text().splitlines()
                         if line.strip() and not line.startswith('#'))

    candidates = []
    for source in sorted(ROOT.glob('*/src/main/java/**/*.java')):
        text = source.read_text()
        match = DECL.search(text)
        if not match:
            continue
        package = re.search(r'^package\s+([\w.]+);', text, re.M).group(1)
        name = f'{package}.{match.group(3)}'
        framework_needs_public = ('public static void main(' in text or '@Benchmark' in text
                                  or '@State(' in text or name in providers)
        if name in used_from_elsewhere or framework_needs_public or name in args.keep:
            continue
        candidates.append((source, name, match))

    for source, name, match in candidates:
        print(f'{source.relative_to(ROOT)}: {name}')
        if args.apply:
            text = source.read_text()
            start = match.start()
            source.write_text(text[:start] + text[start + len('public '):])
    print(f'{len(candidates)} public types used only in their own package', file=sys.stderr)


if __name__ == '__main__':
    main()
