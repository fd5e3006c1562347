"""How the bulk loaders (the legacy import, the seed) say where they are: one protocol the services call, one
implementation the commands give them.

A load is a series of named steps; a long step may say how far it has come (bytes of a file read, questions
inserted). The commands print each step with the seconds since the start (`  12.3 s  step`), and the progress of
a long step as a bar on a terminal or, in a log, as a line each tenth of the way (`  1,000 / 10,000 questions`).
"""

import sys
import time
from typing import Protocol

from django.core.management.base import OutputWrapper
from tqdm import tqdm


class Progress(Protocol):
    def step(self, description: str) -> None:
        """A step begins."""

    def advanced(self, *, done: int, total: int, unit: str, detail: str = "") -> None:
        """The current step has done `done` of `total` `unit`s (`detail`: what else it can say)."""


class NoProgress:
    def step(self, description: str) -> None:
        pass

    def advanced(self, *, done: int, total: int, unit: str, detail: str = "") -> None:
        pass


class CommandProgress:
    """Progress written to a command's output: `  12.3 s  step`, and the current step's bar or tenths."""

    def __init__(self, output: OutputWrapper, *, verbose: bool) -> None:  # it ends each line
        self.output = output
        self.verbose = verbose
        self.started = time.monotonic()
        self.bar: tqdm | None = None
        self.shown_tenth = 0
        self.interactive = sys.stderr.isatty()

    def elapsed(self) -> float:
        return time.monotonic() - self.started

    def say(self, line: str) -> None:
        if self.verbose:
            self.output.write(line)

    def step(self, description: str) -> None:
        if self.bar is not None:
            self.bar.close()
            self.bar = None
        self.shown_tenth = 0
        self.say(f"{self.elapsed():6.1f} s  {description}")

    def advanced(self, *, done: int, total: int, unit: str, detail: str = "") -> None:
        if not self.verbose:
            return
        if self.interactive:
            if self.bar is None:
                self.bar = tqdm(total=total, unit=unit, unit_scale=True, file=sys.stderr)
            self.bar.set_postfix_str(detail, refresh=False)
            self.bar.update(done - self.bar.n)
            return
        tenth = done * 10 // max(total, 1)
        if tenth > self.shown_tenth:
            self.shown_tenth = tenth
            extra = f", {detail}" if detail else ""
            self.say(f"{done:>12,} / {total:,} {unit} ({done * 100 // max(total, 1)}%){extra}")
