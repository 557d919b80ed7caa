"""Raw store values → validated, immutable values."""
