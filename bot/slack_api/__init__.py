"""What the Slack app and the digest share of Slack: the Web API client, its error advice,
and the record of deliveries already answered."""
