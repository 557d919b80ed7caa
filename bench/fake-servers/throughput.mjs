/**
 * Fake-server throughput: requests per second the fakes answer (GetSecretValue; Vault KV read)
 * and a bare node:http server answering a fixed JSON body (the baseline), each served by its own
 * child process and driven from this one over keep-alive connections, CONCURRENCY at a time.
 */
import { spawn } from 'node:child_process';
import { Agent, request } from 'node:http';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const CONCURRENCY = 16;

function send(agent, url, options, body) {
  return new Promise((resolve, reject) => {
    const req = request(url, { ...options, agent }, (res) => {
      res.resume();
      res.on('end', () =>
        res.statusCode === 200 ? resolve() : reject(new Error(`status ${res.statusCode}`)),
      );
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function rate(url, options, body, ms) {
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  let done = 0;
  const until = performance.now() + ms;
  const worker = async () => {
    while (performance.now() < until) {
      await send(agent, url, options, body);
      done++;
    }
  };
  const start = performance.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const elapsed = performance.now() - start;
  agent.destroy();
  return (done / elapsed) * 1000;
}

export async function fakeThroughput({ quick }) {
  const child = spawn(process.execPath, [fileURLToPath(new URL('./serve.mjs', import.meta.url))], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    const line = await new Promise((resolve, reject) => {
      createInterface({ input: child.stdout }).once('line', resolve);
      child.once('exit', (code) => reject(new Error(`fake servers exited with ${code}`)));
    });
    const ep = JSON.parse(line);
    const ms = quick ? 1500 : 4000;
    const getSecret = JSON.stringify({ SecretId: 'bench/throughput' });
    const awsOptions = {
      method: 'POST',
      headers: {
        'x-amz-target': 'secretsmanager.GetSecretValue',
        'content-type': 'application/x-amz-json-1.1',
      },
    };
    // Warm-up, then the measured runs.
    await rate(ep.aws, awsOptions, getSecret, 300);
    const aws = await rate(ep.aws, awsOptions, getSecret, ms);
    const vault = await rate(
      `${ep.vault}/v1/secret/data/bench/throughput`,
      { method: 'GET', headers: { 'x-vault-token': ep.token } },
      undefined,
      ms,
    );
    const bare = await rate(ep.bare, awsOptions, getSecret, ms);
    return { aws, vault, bare, concurrency: CONCURRENCY };
  } finally {
    child.kill('SIGTERM');
  }
}
