"""Unfinished submissions: offered at start and on U; finishing one first looks for
its job on the server."""

from __future__ import annotations

from aai_tui.actions.inputs import InputError
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
        if unfinished:
            self.app.push_screen(PendingScreen(unfinished), self._chosen)
        elif not quiet:
            self.tell("No unfinished submissions.", timeout=3)

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
        finished = 0
        for sub in await self._unfinished():
            if choice == "discard":
                await self.off_loop(journal.mark_discarded, sub.id)
                continue
            try:
                outcome = await submitter.complete(sub)
            except InputError as error:
                await self.off_loop(journal.mark_failed, sub.id, str(error))
                self.fail(f"Finishing {sub.display_name}", error)
                continue
            if outcome.ok:
                finished += 1
            else:
                self.fail(
                    f"Finishing {sub.display_name}",
                    outcome.error or outcome.submission.error or "not finished",
                )
        self.screen.after_submissions()
        self.tell(
            "Discarded the unfinished submissions."
            if choice == "discard"
            else f"Finished {finished} submission(s).",
        )
