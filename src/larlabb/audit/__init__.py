"""The audit log: who did what to whom, when, kept append-only (issue "Trust", 8)."""
