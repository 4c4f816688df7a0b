"""
A progress line for long management commands (imports, renditions, the demo loader).

Shared plumbing, not about photos: one line on a terminal, rewritten in place at most a few
times a second, and nothing at all when the output is not a terminal (a log, a pipe, cron).
"""

import time


class TerminalProgress:
    """One line on a terminal, rewritten at most every `interval` seconds."""

    def __init__(self, out, interval: float = 0.2):
        self.out = out
        self.interval = interval
        self.started = time.monotonic()
        self.shown = 0.0

    @classmethod
    def on(cls, out, *, wanted: bool = True) -> "TerminalProgress | None":
        """Return a progress line on `out` when it is wanted and `out` is a terminal."""
        return cls(out) if wanted and out.isatty() else None

    @property
    def elapsed(self) -> float:
        return max(time.monotonic() - self.started, 1e-6)

    def show(self, text: str, *, final: bool = False) -> None:
        """Show `text` unless the line was rewritten under `interval` ago and it is not `final`."""
        now = time.monotonic()
        if now - self.shown < self.interval and not final:
            return
        self.shown = now
        self.out.write(f"\r\033[K{text}", ending="")
        self.out.flush()

    def step(self, done: int, total: int, label: str = "") -> None:
        """Show `done` of `total` (never less than done) and what is being worked on."""
        self.show(f"[{done:,}/{max(total, done):,}] {label}".rstrip(), final=done >= total)

    def clear(self) -> None:
        if self.shown:
            self.out.write("\r\033[K", ending="")
            self.out.flush()
