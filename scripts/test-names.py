#!/usr/bin/env python3
"""Test method names, as issue 22 asks them: at most about 50 characters.

Prints the count of test methods (@Test, @ParameterizedTest, @RepeatedTest) in */src/test/java/**/*Test*.java, their
average name length and how many are longer than 50; with --list, each long one as path:line length name.
"""
import pathlib
import re
import sys

ANNOTATION = re.compile(r'@(Test|ParameterizedTest|RepeatedTest)\b')
METHOD = re.compile(r'\b(?:void|[\w<>\[\]]+)\s+([a-z]\w*)\s*\(')
LIMIT = 50


def tests(root):
    for path in sorted(root.glob('*/src/test/java/**/*Test*.java')):
        lines = path.read_text().splitlines()
        for i, line in enumerate(lines):
            if ANNOTATION.search(line.split('//')[0]):
                for j in range(i, min(i + 8, len(lines))):
                    m = METHOD.search(lines[j][lines[j].find(')') + 1:] if j == i else lines[j])
                    if m and not lines[j].strip().startswith('@'):
                        yield path.relative_to(root), j + 1, m.group(1)
                        break


def main():
    root = pathlib.Path(sys.argv[-1] if len(sys.argv) > 1 and not sys.argv[-1].startswith('--') else '.')
    found = list(tests(root))
    long_ones = [t for t in found if len(t[2]) > LIMIT]
    if '--list' in sys.argv:
        for path, line, name in sorted(long_ones, key=lambda t: (str(t[0]), t[1])):
            print(f'{path}:{line} {len(name)} {name}')
    average = sum(len(t[2]) for t in found) / max(1, len(found))
    print(f'tests: {len(found)}  over {LIMIT} characters: {len(long_ones)}  average length: {average:.1f}')


if __name__ == '__main__':
    main()
