/**
 * Child process for the throughput benchmark: starts the fake Secrets Manager, the fake Vault
 * and a bare `node:http` server (the baseline: the same JSON answer with no logic), seeds one
 * secret in each fake, prints the endpoints as one JSON line and runs until killed.
 */
import { createServer } from 'node:http';
import { load } from '../lib/deps.mjs';

const testkit = await load('@locksmith/testkit');
const aws = await testkit.startFakeSecretsManager();
const vault = await testkit.startFakeVault();
aws.store.set('bench/throughput', 'throughput-value-0123456789');
vault.kv.put('bench/throughput', { value: 'throughput-value-0123456789' });
const body = JSON.stringify({ Name: 'bench/throughput', SecretString: 'throughput-value-0123456789' });
const bare = createServer((req, res) => {
  req.resume();
  req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end(body));
});
await new Promise((resolve) => bare.listen(0, '127.0.0.1', resolve));
process.stdout.write(
  `${JSON.stringify({ aws: aws.endpoint, vault: vault.endpoint, token: vault.rootToken, bare: `http://127.0.0.1:${bare.address().port}` })}\n`,
);
process.on('SIGTERM', async () => {
  await aws.close();
  await vault.close();
  bare.close();
  process.exit(0);
});
