"""Export: choose a format, write the files in a worker, ask before replacing one."""

from __future__ import annotations

from pathlib import Path

from aai_tui.actions.export import ExportError, ExportExists, export_transcript
from aai_tui.ui.flows.base import Flow
from aai_tui.ui.screens.confirm import ConfirmScreen
from aai_tui.ui.screens.export_dialog import ExportRequest, ExportScreen


class ExportFlow(Flow):
    def start(self, ids: list[str]) -> None:
        if not ids:
            self.tell("No transcript selected.", timeout=3)
            return
        folder = self.app.settings.export_path

        def chosen(request: ExportRequest | None) -> None:
            if request is not None:
                self.run(ids, request, folder, overwrite=False)

        self.app.push_screen(ExportScreen(len(ids), str(folder)), chosen)

    def run(self, ids: list[str], request: ExportRequest, folder: Path, *, overwrite: bool) -> None:
        self.screen.run_worker(
            self._export(ids, request, folder, overwrite),
            group="export",
            exit_on_error=False,
            name="Exporting",
        )

    async def _export(
        self, ids: list[str], request: ExportRequest, folder: Path, overwrite: bool
    ) -> None:
        client = self.app.client
        if client is None:
            self.tell("Exporting needs the real API client.", severity="warning")
            return
        written: list[Path] = []
        for transcript_id in ids:
            try:
                result = await export_transcript(
                    client,
                    transcript_id,
                    request.format,
                    folder,
                    local_name=self.app.local_name_for(transcript_id),
                    chars_per_caption=request.chars_per_caption,
                    overwrite=overwrite,
                )
            except ExportExists as exists:
                self._ask_overwrite(transcript_id, request, folder, exists.path)
                continue
            except ExportError as error:
                self.fail(f"Export of {transcript_id[:8]}", error)
                continue
            written.append(result.path)
        if len(written) == 1:
            self.tell(f"Exported {written[0]}", timeout=6)
        elif written:
            self.tell(f"Exported {len(written)} files into {folder}", timeout=6)

    def _ask_overwrite(
        self, transcript_id: str, request: ExportRequest, folder: Path, path: Path
    ) -> None:
        def confirmed(yes: bool | None) -> None:
            if yes:
                self.run([transcript_id], request, folder, overwrite=True)

        self.app.push_screen(
            ConfirmScreen("Replace the existing file?", [str(path)], "Replace"), confirmed
        )
