"""Records → answers: the index, query parsing and ranking."""
