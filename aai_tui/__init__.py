"""aai-tui: a keyboard-driven terminal dashboard for AssemblyAI transcription jobs."""

__version__ = "0.1.0"
