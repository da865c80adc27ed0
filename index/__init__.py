"""Index: hybrid retrieval over passages (built in the retrieval issue)."""
