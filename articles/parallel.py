"""Run a pure function over batches in worker processes, results in order, a bounded window ahead.

Workers are spawned (not forked) so they never share the parent's database connections; the
function must be importable and pure (the quote extractor is).
"""

import multiprocessing
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor


def map_in_processes[T, R](
    func: Callable[[T], R], batches: Iterable[T], *, workers: int, window: int = 8
) -> Iterator[R]:
    if workers <= 1:
        yield from map(func, batches)
        return
    with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn")) as pool:
        pending = deque()
        try:
            for batch in batches:
                pending.append(pool.submit(func, batch))
                if len(pending) >= window:
                    yield pending.popleft().result()
            while pending:
                yield pending.popleft().result()
        finally:
            for future in pending:
                future.cancel()
