"""Stand-ins for Slack in tests: sample talks, a request signer, a fake Web API server."""
