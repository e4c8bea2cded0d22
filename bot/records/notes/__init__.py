"""The notes reader: Markdown conference notes, as people really write them, → talk records."""
