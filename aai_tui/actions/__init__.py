"""What the user does: submit, resubmit, delete, export. Shared by the dashboard and
the shell commands; no Textual here."""
