"""Index: hybrid retrieval over passages: analysed terms, embeddings, two backends, fusion."""
