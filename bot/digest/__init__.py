"""The daily random-talk digest: when it is due, which talk, and posting it exactly once."""
