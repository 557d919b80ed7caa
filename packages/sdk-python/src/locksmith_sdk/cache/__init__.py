"""The cache: holders, batching, loading with retries, the previous version, the scheduler."""
