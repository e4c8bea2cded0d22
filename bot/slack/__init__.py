"""The Slack transport: settings, the Bolt app, thin listeners, and `talkbot serve`."""
