"""Delete: a confirmation naming every transcript, then the deletes in a worker."""

from __future__ import annotations

from aai_tui.api.errors import ApiError
from aai_tui.formatting import counted, some_of
from aai_tui.ui.flows.base import Flow
from aai_tui.ui.screens.confirm import ConfirmScreen


class DeleteFlow(Flow):
    def start(self, ids: list[str]) -> None:
        if not ids:
            self.tell("No transcript selected.", timeout=3)
            return
        lines = [self.screen.describe_row(transcript_id) for transcript_id in ids]
        # Named now: once deleted, a row's file name is no longer on the page.
        names = {tid: f"{tid[:8]} {self.screen.name_of(tid)}".rstrip() for tid in ids}

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.screen.run_worker(
                    self._delete(ids, names), group="delete", exit_on_error=False, name="Deleting"
                )

        self.app.push_screen(
            ConfirmScreen(
                f"Delete {counted(len(ids), 'transcript')}? This cannot be undone.", lines, "Delete"
            ),
            confirmed,
        )

    async def _delete(self, ids: list[str], names: dict[str, str]) -> None:
        client = self.app.client
        if client is None:
            self.tell("Deleting needs the real API client.", severity="warning")
            return
        deleted: list[str] = []
        for transcript_id in ids:
            try:
                await client.delete_transcript(transcript_id)
            except ApiError as error:
                self.fail(f"Deleting {transcript_id[:8]}", error)
                continue
            deleted.append(transcript_id)
        self.screen.after_deletes(deleted)
        if deleted:
            named = some_of([names[tid] for tid in deleted])
            self.tell(f"Deleted {counted(len(deleted), 'transcript')}: {named}.", timeout=4)
