"""The stores: AWS Secrets Manager (boto3), Vault KV v2 (hvac), env vars, mounted files, fallback."""
