import { badRequest, notFound } from './errors.js';
import { mountRoute } from './mount-routes.js';
import { noContent, ok } from './responses.js';
import type { RouteContext, VaultRoute } from './route.js';

const VERSION = '1.17.0';

/** `sys/health`: Vault's status codes, each overridable by query parameter. */
function health(ctx: RouteContext) {
  const h = ctx.state.health;
  const q = ctx.query;
  const code = (name: string, fallback: number): number => {
    const raw = q.get(name);
    return raw !== null && /^\d+$/.test(raw) ? Number(raw) : fallback;
  };
  const flag = (name: string): boolean => {
    const raw = q.get(name);
    return raw !== null && raw !== 'false' && raw !== '0';
  };
  let status: number;
  if (!h.initialized) status = code('uninitcode', 501);
  else if (h.sealed) status = code('sealedcode', 503);
  else if (h.drSecondary && !flag('drsecondaryok')) status = code('drsecondarycode', 472);
  else if (h.performanceStandby && !flag('perfstandbyok')) status = code('performancestandbycode', 473);
  else if (h.standby && !flag('standbyok')) status = code('standbycode', 429);
  else status = code('activecode', 200);
  const body = {
    initialized: h.initialized,
    sealed: h.sealed || !h.initialized,
    standby: h.standby,
    performance_standby: h.performanceStandby,
    replication_performance_mode: 'disabled',
    replication_dr_mode: h.drSecondary ? 'secondary' : 'disabled',
    server_time_utc: Math.floor(ctx.state.clock.now() / 1000),
    version: VERSION,
    enterprise: false,
    cluster_name: 'locksmith-fake',
    cluster_id: '00000000-0000-4000-8000-000000000000',
    echo_duration_ms: 0,
    clock_skew_ms: 0,
  };
  return { status, body: ctx.method === 'HEAD' ? undefined : body };
}

function sealStatus(ctx: RouteContext) {
  const h = ctx.state.health;
  return {
    status: 200,
    body: {
      type: 'shamir',
      initialized: h.initialized,
      sealed: h.sealed || !h.initialized,
      t: 1,
      n: 1,
      progress: 0,
      nonce: '',
      version: VERSION,
      migration: false,
      recovery_seal: false,
      storage_type: 'inmem',
    },
  };
}

function policyRoute(
  name: string,
  method: string,
  field: 'rules' | 'policy',
  aclPath: string,
): VaultRoute | undefined {
  if (method === 'GET') {
    return {
      op: 'sys.policy.read',
      aclPath,
      capability: 'read',
      run: (c) => {
        const policy = c.state.policies.get(name);
        if (!policy) throw notFound();
        return ok({ name, [field]: policy.text });
      },
    };
  }
  if (method === 'POST' || method === 'PUT') {
    return {
      op: 'sys.policy.write',
      aclPath,
      capability: 'update',
      run: (c) => {
        const text = c.body.policy ?? c.body.rules;
        if (typeof text !== 'string') throw badRequest("'policy' parameter not supplied or empty");
        try {
          c.state.setPolicy(name, text);
        } catch (error) {
          throw badRequest(`failed to parse policy: ${(error as Error).message}`);
        }
        return noContent();
      },
    };
  }
  if (method === 'DELETE') {
    return {
      op: 'sys.policy.delete',
      aclPath,
      capability: 'delete',
      run: (c) => {
        c.state.policies.delete(name);
        return noContent();
      },
    };
  }
  return undefined;
}

/** Routes under `sys/`. */
export function sysRoute(rest: string, method: string): VaultRoute | undefined {
  if (rest === 'health' && (method === 'GET' || method === 'HEAD')) {
    return { op: 'sys.health', unauthenticated: true, whileSealed: true, run: health };
  }
  if (rest === 'seal-status' && method === 'GET') {
    return { op: 'sys.seal-status', unauthenticated: true, whileSealed: true, run: sealStatus };
  }
  if (rest === 'seal' && (method === 'PUT' || method === 'POST')) {
    return {
      op: 'sys.seal',
      aclPath: 'sys/seal',
      capability: 'sudo',
      run: (c) => {
        c.state.health.sealed = true;
        return noContent();
      },
    };
  }
  const mounts = mountRoute(rest, method);
  if (mounts) return mounts;
  const legacy = /^policy\/(.+)$/.exec(rest);
  if (legacy) return policyRoute(legacy[1] as string, method, 'rules', `sys/${rest}`);
  const acl = /^policies\/acl\/(.+)$/.exec(rest);
  if (acl) return policyRoute(acl[1] as string, method, 'policy', `sys/${rest}`);
  return undefined;
}
