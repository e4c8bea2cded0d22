"""The answering core, shared by every surface: Slack listeners, the digest, the CLI."""
