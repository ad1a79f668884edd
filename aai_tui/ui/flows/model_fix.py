"""A retired model: resubmit what failed with the lineup the API named, and make it
the default, in one key."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from aai_tui.actions.batch import BatchPlan, PlannedSource
from aai_tui.actions.inputs import SubmitOptions
from aai_tui.actions.resubmit import ResubmitPlan
from aai_tui.api.errors import ApiError
from aai_tui.config import ConfigError, set_setting
from aai_tui.troubleshoot import explain
from aai_tui.ui.flows.base import Flow
from aai_tui.ui.screens.model_fix import ModelFix, ModelFixScreen


class ModelFixFlow(Flow):
    def offer(
        self,
        error: ApiError,
        *,
        replan: ResubmitPlan | None = None,
        resend: list[str] | None = None,
        params: dict[str, Any] | None = None,
    ) -> None:
        explanation = explain(error.message, status=error.status, error_kind=error.kind.value)
        models = explanation.replacement_models
        if replan is not None:
            labels = tuple(f"{job.transcript_id[:8]}  {job.label}" for job in replan.jobs)
        else:
            labels = tuple(resend or ())

        def chosen(yes: bool | None) -> None:
            if not yes:
                return
            self.make_default(models)
            if replan is not None:
                self.screen.flows.resubmit.run(replan.with_changes({"speech_models": list(models)}))
            elif resend:
                sources = tuple(
                    PlannedSource(Path(s) if not s.startswith(("http://", "https://")) else s)
                    for s in resend
                )
                self.screen.flows.submit.run(
                    BatchPlan(sources), {**(params or {}), "speech_models": list(models)}
                )

        self.app.push_screen(ModelFixScreen(explanation, ModelFix(models, labels)), chosen)

    def make_default(self, models: tuple[str, ...]) -> None:
        """The new lineup for every later submission: the config and the form's memory."""
        from dataclasses import replace

        if not self.app.demo:  # the demo never writes the user's config
            try:
                set_setting("speech_models", ",".join(models), self.app.config_path)
            except (ConfigError, OSError) as exc:
                self.tell(f"Could not save the default models: {exc}", severity="warning")
        self.app.settings = replace(self.app.settings, speech_models=tuple(models))
        self.screen.run_worker(
            self._remember(models),
            group="remember-models",
            exit_on_error=False,
            name="Remembering the models",
        )
        self.tell(f"New submissions now use speech_models {', '.join(models)}.")

    async def _remember(self, models: tuple[str, ...]) -> None:
        """The form's memory too, off the event loop."""
        journal = self.app.journal
        if journal is None:
            return
        from aai_tui.ui.flows.submitting import LAST_OPTIONS_KEY

        saved = await self.off_loop(journal.recall, LAST_OPTIONS_KEY)
        remembered = SubmitOptions.from_json(saved).with_values(speech_models=list(models))
        await self.off_loop(journal.remember, LAST_OPTIONS_KEY, remembered.to_json())
