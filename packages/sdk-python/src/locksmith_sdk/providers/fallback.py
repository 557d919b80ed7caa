"""A chain of stores: each one is asked for what the ones before it failed to answer."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from ..errors import SecretsError
from ..resilience.abort import CancelToken
from ..types import FetchRequest, FetchResult, Provider


class FallbackProvider:
    """Tries each provider in order for the requests the previous ones failed.

    Built only when asked for (`fallback=`): silently reading another store hides a
    misconfiguration. Every member's watch is kept, so a mounted-files fallback still reloads.
    """

    def __init__(self, chain: Sequence[Provider]) -> None:
        if not chain:
            raise SecretsError("CONFIGURATION", "a fallback chain needs at least one provider")
        self.chain = tuple(chain)
        self.name = ">".join(p.name for p in chain)
        self.max_batch_size = min(p.max_batch_size for p in chain)

    def fetch(self, requests: Sequence[FetchRequest], token: CancelToken) -> list[FetchResult]:
        results: list[FetchResult | None] = [None] * len(requests)
        pending = list(range(len(requests)))
        for provider in self.chain:
            if not pending:
                break
            try:
                answers = provider.fetch([requests[i] for i in pending], token)
            except Exception:
                if provider is self.chain[-1]:
                    raise
                continue
            failed = []
            for i, answer in zip(pending, answers, strict=True):
                if answer.ok or results[i] is None:
                    results[i] = answer
                if not answer.ok:
                    failed.append(i)
            pending = failed
        return [r if r is not None else FetchResult.failed(_unanswered(requests[i])) for i, r in enumerate(results)]

    def watch(self, on_change: Callable[[Sequence[str]], None]) -> Callable[[], None]:
        stops = [watch(on_change) for p in self.chain if (watch := getattr(p, "watch", None)) is not None]

        def stop() -> None:
            for s in stops:
                s()

        return stop

    def close(self) -> None:
        for provider in self.chain:
            provider.close()

    def __repr__(self) -> str:
        return f"FallbackProvider({self.name})"


def _unanswered(request: FetchRequest) -> SecretsError:
    name = request.secret.name
    return SecretsError("UNAVAILABLE", f'no store of the chain answered for secret "{name}"', secret=name)
