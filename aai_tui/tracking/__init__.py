"""Background traffic: what is active, how fast to poll, and what changed.

Nothing here imports Textual: the tracker publishes plain events, and the UI turns
them into messages.
"""
