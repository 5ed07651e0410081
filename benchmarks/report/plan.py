#!/usr/bin/python3
"""Planning helpers for scripts/bench (standard library only).

  plan.py regex GROUP
      JMH include regex of the group's benchmarks that decide a verdict (verdicts.py); empty if none.
  plan.py count INCLUDE [EXCLUDE] < lp.txt
      configurations (benchmark x parameter combination) that `java -jar benchmarks.jar -lp` lists and
      that match INCLUDE and not EXCLUDE (JMH's regex search on the full benchmark name).
"""
import itertools
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import verdicts  # noqa: E402


def configurations(lines):
    """{benchmark: number of parameter combinations} from `-lp` output."""
    out, current = {}, None
    for line in lines:
        line = line.rstrip("\n")
        if line.startswith("dev."):
            current = line.strip()
            out[current] = 1
        elif current and line.strip().startswith("param "):
            values = line.split("=", 1)[1].strip().strip("{}")
            out[current] *= max(1, len([v for v in values.split(",") if v.strip()]))
    return out


def main(argv):
    if argv[:1] == ["regex"] and len(argv) == 2:
        print(verdicts.regex(argv[1]) or "")
    elif argv[:1] == ["count"] and len(argv) in (2, 3):
        include = re.compile(argv[1])
        exclude = re.compile(argv[2]) if len(argv) == 3 and argv[2] else None
        print(sum(n for name, n in configurations(sys.stdin).items()
                  if include.search(name) and not (exclude and exclude.search(name))))
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv[1:])
