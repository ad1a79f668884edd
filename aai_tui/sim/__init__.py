"""The simulator: a faithful local AssemblyAI pre-recorded API (no Textual)."""
