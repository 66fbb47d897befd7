"""The interleaved year of many agreements, streamed: each agreement generated once, its acts
filed on disk by calendar step, then read back step by step.

An interleaved year runs every agreement's January before anyone's February, so a streaming
ingest would otherwise generate each agreement again at every step (22 times) or hold every
agreement's year in memory (~16 KB of commands each: 1,4 GB at 90.000). The spool holds one
file per step of `bench.lifecycle.STEPS`, each a sequence of compressed pickled acts of
`ACT_AGREEMENTS` agreements — the very acts `lifecycle.acts` makes of the same agreements in
memory — and deletes each file once it is read.
"""

from __future__ import annotations

import pickle
import shutil
import time
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from bench.generator import agreement_years
from bench.lifecycle import ACT_AGREEMENTS, STEPS, Act, step_acts


class Spool:
    def __init__(self, directory: Path, size: int = ACT_AGREEMENTS) -> None:
        self.directory = directory
        self.size = size  # agreements per act
        self.generate_seconds = 0.0

    def _file(self, index: int) -> Path:
        return self.directory / f"{index:02d}-{STEPS[index].label}.acts"

    def write(self, start: int, stop: int) -> None:
        """Generate agreements `start`..`stop - 1` and file their acts by step."""
        began = time.perf_counter()
        shutil.rmtree(self.directory, ignore_errors=True)  # left by a killed run
        self.directory.mkdir(parents=True)
        files: list[BinaryIO] = [self._file(i).open("wb") for i in range(len(STEPS))]
        try:
            for first in range(start, stop, self.size):
                years = list(agreement_years(first, min(stop, first + self.size)))
                for file, step in zip(files, STEPS):
                    for act in step_acts(years, step, self.size):  # one act at most
                        data = zlib.compress(pickle.dumps(act.commands, protocol=5), 1)
                        file.write(len(data).to_bytes(8, "little") + data)
        finally:
            for file in files:
                file.close()
        self.generate_seconds = time.perf_counter() - began

    def acts(self) -> Iterator[Act]:
        """The acts in calendar order; each step's file is deleted once read, then the spool."""
        for index, step in enumerate(STEPS):
            path = self._file(index)
            with path.open("rb") as file:
                while header := file.read(8):
                    data = file.read(int.from_bytes(header, "little"))
                    yield Act(step, pickle.loads(zlib.decompress(data)))
            path.unlink()
        self.directory.rmdir()
