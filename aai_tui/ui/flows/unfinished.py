"""Unfinished submissions: offered at start and on U; finishing one first looks for
its job on the server."""

from __future__ import annotations

from aai_tui.formatting import counted
from aai_tui.journal import Submission
from aai_tui.ui.flows.base import Flow
from aai_tui.ui.screens.pending import PendingScreen


class UnfinishedFlow(Flow):
    async def _unfinished(self) -> list[Submission]:
        journal = self.app.journal
        api = self.app.api
        if journal is None or api is None:
            return []
        return await self.off_loop(journal.unfinished, getattr(api, "base_url", None))

    def offer(self, *, quiet: bool) -> None:
        """Open the dialog when there is something to finish (``quiet``: else say nothing)."""
        if self.app.journal is None or self.app.submitter is None:
            if not quiet:
                self.tell("Finishing submissions needs the real API client and the journal.")
            return
        self.screen.run_worker(
            self._offer(quiet),
            group="pending-offer",
            exclusive=True,
            exit_on_error=False,
            name="Reading the journal",
        )

    async def _offer(self, quiet: bool) -> None:
        unfinished = await self._unfinished()
        me = self._me()
        if quiet and all(sub.held_elsewhere(me) for sub in unfinished):
            return  # another aai-tui is finishing them: nothing to offer at start
        if unfinished:
            self.app.push_screen(PendingScreen(unfinished, me), self._chosen)
        elif not quiet:
            self.tell("No unfinished submissions.", timeout=3)

    def _me(self) -> str:
        journal = self.app.journal
        return journal.owner if journal is not None else ""

    def _chosen(self, choice: str | None) -> None:
        if choice in ("complete", "discard"):
            self.screen.run_worker(
                self._settle(choice),
                group="pending",
                exclusive=True,
                exit_on_error=False,
                name="Finishing submissions",
            )

    async def _settle(self, choice: str) -> None:
        journal = self.app.journal
        submitter = self.app.submitter
        if journal is None or submitter is None:
            return
        me = self._me()
        everything = await self._unfinished()
        mine = [sub for sub in everything if not sub.held_elsewhere(me)]
        left_to_others = len(everything) - len(mine)
        if choice == "discard":
            dropped = await self.off_loop(journal.discard, [sub.id for sub in mine])
            left_to_others += len(mine) - len(dropped)
            self.screen.after_submissions()
            self.tell(
                f"Discarded {counted(len(dropped), 'unfinished submission')}."
                + (f" {left_to_others} left to another aai-tui." if left_to_others else "")
            )
            return
        outcomes = await submitter.complete_batch([s for s in mine if s.state.unfinished])
        finished = sum(1 for outcome in outcomes if outcome.ok)
        for outcome in outcomes:
            if outcome.elsewhere:
                left_to_others += 1
            elif not outcome.ok:
                self.fail(
                    f"Finishing {outcome.submission.display_name}",
                    outcome.error or outcome.submission.error or "not finished",
                    again="pending" if outcome.submission.state.open else "submit",
                )
        self.screen.after_submissions()
        self.tell(
            f"Finished {counted(finished, 'submission')}."
            + (f" {left_to_others} left to another aai-tui." if left_to_others else "")
        )
