"""Notes → talk records: models, one loader per source format, and the library that holds them."""
