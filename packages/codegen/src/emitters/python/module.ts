import {
  type Catalog,
  describeService,
  type Secret,
  type Service,
  type ServiceDescriptor,
} from '@locksmith/schema';
import { pyDocstring, pyString } from '../../escape/python.js';
import { headerComment } from '../../header.js';
import { lines } from '../../text.js';
import { describeField, type FieldSpec, fieldSpecs, genTimeError } from '../go/field-spec.js';
import { translatePattern } from '../go/pattern.js';
import { className, fieldAttribute, pyLiteral, secretAttribute } from './names.js';

const PY_TYPES = { string: 'str', integer: 'int', number: 'float', boolean: 'bool' } as const;

interface PyField {
  readonly spec: FieldSpec;
  readonly attribute: string;
  /** Absent from the store and without a default: `None` then. */
  readonly optional: boolean;
}

interface PySecret {
  readonly secret: Secret;
  readonly className: string;
  readonly attribute: string;
  readonly builder: string;
  readonly fields: readonly PyField[];
}

/**
 * `python/<package>/secrets.py`: the service's value classes, its descriptor, and thin typed
 * wrappers over `locksmith_sdk` (env/files loaders and the store-mode client). All runtime code
 * lives in the SDK; see docs/python.md.
 */
export function pythonModule(catalog: Catalog, service: Service, secrets: readonly Secret[]): string {
  const values = planSecrets(catalog, secrets);
  const parts = [
    headerComment(catalog, 'hash').trimEnd(),
    `"""Secrets of the "${service.name}" service: typed values, and the descriptor locksmith_sdk reads.`,
    '',
    'load() reads environment variables, load_from_dir() mounted files, connect() the stores the',
    'environment names (LOCKSMITH_ENV). Requires locksmith-sdk; store environments need its aws or',
    'vault extra."""',
    '',
    'from __future__ import annotations',
    '',
    'import dataclasses as _dataclasses',
    'import os as _os',
    'from collections.abc import Mapping as _Mapping',
    'from typing import Any as _Any',
    '',
    'import locksmith_sdk as _sdk',
    'from locksmith_sdk import SecretsError',
    'from locksmith_sdk import loader as _loader',
    'from locksmith_sdk.loader import Problem',
    '',
    `__all__ = [${exportedNames(values).map(pyString).join(', ')}]`,
    '',
    '',
    ...values.flatMap((v) => valueClass(v)),
    ...secretsClass(service, values),
    ...descriptorConstant(catalog, service, secrets),
    ...values.flatMap((v) => builder(v)),
    ...loaders(service, values),
    ...clientClass(service, values),
  ];
  return lines(parts);
}

/** What the module exports, in the order `__all__` lists it. */
function exportedNames(values: readonly PySecret[]): string[] {
  return [
    'Client',
    'DESCRIPTOR',
    'Problem',
    'Secrets',
    'SecretsError',
    ...values.map((v) => v.className),
    'connect',
    'load',
    'load_from_dir',
  ];
}

/**
 * `__init__.py` beside the module: makes the directory a regular package, so `from reports_py
 * import load` works and type checkers tell one service's `secrets` module from another's.
 */
export function packageInit(catalog: Catalog, service: Service, secrets: readonly Secret[]): string {
  const names = exportedNames(planSecrets(catalog, secrets));
  return lines([
    headerComment(catalog, 'hash').trimEnd(),
    `"""Typed, validated secrets of the "${service.name}" service; see the secrets module."""`,
    '',
    `from .secrets import ${names.join(', ')}`,
    '',
    `__all__ = [${names.map(pyString).join(', ')}]`,
  ]);
}

/** Names are checked by the schema's python-names rule, so they are distinct here. */
function planSecrets(catalog: Catalog, secrets: readonly Secret[]): PySecret[] {
  return [...secrets]
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map((secret) => {
      const fields = fieldSpecs(catalog, secret).map((spec) => ({
        spec,
        attribute: spec.field === null ? 'value' : fieldAttribute(spec.field),
        optional: !spec.required && spec.defaultText === undefined,
      }));
      return {
        secret,
        className: className(secret.name),
        attribute: secretAttribute(secret.name),
        builder: `_build_${secretAttribute(secret.name)}`,
        fields,
      };
    });
}

function valueClass({ secret, className, fields }: PySecret): string[] {
  const about = pyDocstring(secret.description ?? '');
  const description = about ? ['', `    ${about}`, '    """'] : [];
  const title = `    """The value of the "${secret.name}" secret.${description.length ? '' : '"""'}`;
  return [
    // kw_only: optional fields may come before required ones. repr=False: printing shows no value.
    '@_dataclasses.dataclass(frozen=True, kw_only=True)',
    `class ${className}:`,
    title,
    ...description,
    '',
    ...fields.map((f) =>
      f.optional
        ? `    ${f.attribute}: ${PY_TYPES[f.spec.type]} | None = _dataclasses.field(default=None, repr=False)`
        : `    ${f.attribute}: ${PY_TYPES[f.spec.type]} = _dataclasses.field(repr=False)`,
    ),
    '',
    '',
  ];
}

function secretsClass(service: Service, values: readonly PySecret[]): string[] {
  return [
    '@_dataclasses.dataclass(frozen=True)',
    'class Secrets:',
    `    """Every secret "${service.name}" reads, and nothing else."""`,
    ...(values.length > 0 ? [''] : []),
    ...values.map((v) => `    ${v.attribute}: ${v.className}`),
    '',
    '',
  ];
}

/** The service descriptor as a Python literal, with each pattern translated to `re` syntax. */
function descriptorConstant(catalog: Catalog, service: Service, secrets: readonly Secret[]): string[] {
  const described = describeService(catalog, service.name);
  const names = Object.keys(described.secrets).sort();
  const translated: Record<string, unknown> = {};
  for (const name of names) {
    const secret = secrets.find((s) => s.name === name)!;
    translated[name] = withPythonPatterns(catalog, secret, described.secrets[name]!);
  }
  const descriptor: ServiceDescriptor = { ...described, secrets: translated as ServiceDescriptor['secrets'] };
  return [
    `#: What locksmith_sdk needs to fetch, validate and rotate the secrets of "${service.name}".`,
    `DESCRIPTOR = _sdk.ServiceDescriptor.from_dict(${pyLiteral(descriptor, 0)})`,
    '',
    '',
  ];
}

function withPythonPatterns(
  catalog: Catalog,
  secret: Secret,
  described: ServiceDescriptor['secrets'][string],
): unknown {
  const patterns = new Map<string | null, string>();
  for (const spec of fieldSpecs(catalog, secret)) {
    if (spec.pattern !== undefined) patterns.set(spec.field, pythonPattern(catalog, spec));
  }
  if (patterns.size === 0) return described;
  const schema = described.schema as Record<string, unknown>;
  let translated: Record<string, unknown>;
  if (described.kind === 'string') {
    translated = { ...schema, pattern: patterns.get(null) };
  } else {
    const properties = { ...(schema.properties as Record<string, Record<string, unknown>>) };
    for (const [field, pattern] of patterns) {
      if (field !== null && properties[field]) properties[field] = { ...properties[field], pattern };
    }
    translated = { ...schema, properties };
  }
  return { ...described, schema: translated };
}

function pythonPattern(catalog: Catalog, spec: FieldSpec): string {
  const translated = translatePattern(spec.pattern!, 'python');
  if (translated.ok) return translated.pattern;
  throw genTimeError(
    catalog,
    `${spec.pointer}/pattern`,
    `the pattern of ${describeField(spec.secret, spec.field)} uses ${translated.reason}, which the Python loader does not support; rewrite the pattern or drop "python" from the reading services' languages`,
  );
}

/** Plain validated value (str, or a mapping of field name → value) → the secret's class. */
function builder({ secret, className, builder, fields }: PySecret): string[] {
  if (secret.kind === 'string') {
    return [`def ${builder}(value: _Any) -> ${className}:`, `    return ${className}(value=value)`, '', ''];
  }
  const args = fields.map((f) => {
    const key = pyString(f.spec.field ?? '');
    return `        ${f.attribute}=value${f.optional ? `.get(${key})` : `[${key}]`},`;
  });
  return [
    `def ${builder}(value: _Mapping[str, _Any]) -> ${className}:`,
    `    return ${className}(`,
    ...args,
    '    )',
    '',
    '',
  ];
}

function loaders(service: Service, values: readonly PySecret[]): string[] {
  const build = values.map((v) => `        ${v.attribute}=${v.builder}(values[${pyString(v.secret.name)}]),`);
  return [
    '_FACTORIES = {',
    ...values.map((v) => `    ${pyString(v.secret.name)}: ${v.builder},`),
    '}',
    '',
    '',
    'def _build(values: _Mapping[str, _Any]) -> Secrets:',
    ...(values.length > 0 ? ['    return Secrets(', ...build, '    )'] : ['    return Secrets()']),
    '',
    '',
    'def load(env: _Mapping[str, str] | None = None) -> Secrets:',
    `    """Reads the secrets of "${service.name}" from \`env\` (default: os.environ).`,
    '',
    '    Raises SecretsError (a LoadError) listing every missing or invalid field, never a value.',
    '    """',
    '    return _loader.load_env(DESCRIPTOR, env, _build)',
    '',
    '',
    'def load_from_dir(root: str | _os.PathLike[str]) -> Secrets:',
    '    """Reads mounted secrets: the file <root>/<secret name>/<ENV_VAR_NAME> holds one field.',
    '',
    '    One trailing newline is removed. Raises SecretsError like load().',
    '    """',
    '    return _loader.load_dir(DESCRIPTOR, root, _build)',
    '',
    '',
  ];
}

function clientClass(service: Service, values: readonly PySecret[]): string[] {
  const handles = values.map(
    (v) =>
      `        self.${v.attribute}: _sdk.SecretHandle[${v.className}] = sdk.secret(${pyString(v.secret.name)})`,
  );
  const snapshot = values.map((v) => `            ${v.attribute}=self.${v.attribute}.current(),`);
  return [
    'class Client:',
    `    """Store mode of "${service.name}": one typed handle per secret over a locksmith_sdk client.`,
    '',
    '    `client.<secret>.get()` is a memory read once loaded; `aget()` is its asyncio twin. The',
    '    underlying SecretClient is `client.sdk`. Use it as a context manager or call close().',
    '    """',
    '',
    '    def __init__(self, sdk: _sdk.SecretClient) -> None:',
    '        self.sdk = sdk',
    ...handles,
    '',
    '    def preload(self, timeout: float | None = None) -> None:',
    '        """Loads every secret in the fewest store calls; one error lists every failure."""',
    '        self.sdk.preload(timeout)',
    '',
    '    async def apreload(self, timeout: float | None = None) -> None:',
    '        await self.sdk.apreload(timeout)',
    '',
    '    def snapshot(self) -> Secrets:',
    '        """Every loaded value at once (NOT_LOADED before preload)."""',
    ...(values.length > 0
      ? ['        return Secrets(', ...snapshot, '        )']
      : ['        return Secrets()']),
    '',
    '    def health(self) -> _sdk.HealthReport:',
    '        return self.sdk.health()',
    '',
    '    def mask(self, text: str) -> str:',
    '        return self.sdk.mask(text)',
    '',
    '    def close(self) -> None:',
    '        self.sdk.close()',
    '',
    '    async def aclose(self) -> None:',
    '        await self.sdk.aclose()',
    '',
    '    def __enter__(self) -> Client:',
    '        return self',
    '',
    '    def __exit__(self, *_: object) -> None:',
    '        self.sdk.close()',
    '',
    '    async def __aenter__(self) -> Client:',
    '        return self',
    '',
    '    async def __aexit__(self, *_: object) -> None:',
    '        await self.sdk.aclose()',
    '',
    '    def __repr__(self) -> str:',
    '        return repr(self.sdk)',
    '',
    '',
    'def connect(**options: _Any) -> Client:',
    `    """Store mode: a client reading "${service.name}"'s secrets where LOCKSMITH_ENV says.`,
    '',
    '    An environment whose source is `store` reads AWS Secrets Manager or Vault (per secret',
    '    placement); `env` and `files` environments read env vars or mounted files and need neither',
    '    boto3 nor hvac. Options are those of locksmith_sdk.create_client.',
    '    """',
    '    return Client(_sdk.create_client(DESCRIPTOR, factories=_FACTORIES, **options))',
  ];
}
