"""The dashboard's actions as small flows: each asks what it must (a form, a
confirmation), calls a service of :mod:`aai_tui.actions` in a worker, and reports
the outcome. Worker failures are handled in one place, the dashboard's
``on_worker_state_changed``: a notification with the catalog's explanation."""
