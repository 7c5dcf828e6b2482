"""The newsdesk command: sits above index/, search/ and web/."""
