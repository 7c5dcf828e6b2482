"""Tests of the search backends against real servers (an OpenSearch cluster on 127.0.0.1)."""
