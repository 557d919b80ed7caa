import type { Catalog, Secret, Service } from '@locksmith/schema';
import { headerComment } from '../../header.js';
import { lines, oneLine } from '../../text.js';
import { describeField, type FieldSpec, fieldSpecs, genTimeError } from '../go/field-spec.js';
import { translatePattern } from '../go/pattern.js';
import { className, pyString, snakeCase } from './names.js';
import { PY_IMPORTS, PY_RUNTIME } from './runtime.js';

/** Names the fixed part of the module declares; secret classes must not take them. */
const RESERVED = new Set(['Secrets', 'Problem', 'SecretsError', 'Callable', 'Mapping', 'Path']);
const PY_TYPES = { string: 'str', integer: 'int', number: 'float', boolean: 'bool' } as const;
const READERS = { string: 'string', integer: 'integer', number: 'number', boolean: 'boolean' } as const;

interface PyField {
  readonly spec: FieldSpec;
  readonly attribute: string;
  readonly constant: string;
}

interface PySecret {
  readonly secret: Secret;
  readonly className: string;
  readonly attribute: string;
  readonly fields: readonly PyField[];
}

/** `python/<module>/secrets.py`: one self-contained module, see docs/python.md. */
export function pythonModule(catalog: Catalog, service: Service, secrets: readonly Secret[]): string {
  const values = planSecrets(catalog, secrets);
  const parts = [
    headerComment(catalog, 'hash').trimEnd(),
    `"""Secrets of the "${service.name}" service, read from environment variables or mounted files`,
    'and checked against the catalog. Standard library only."""',
    '',
    PY_IMPORTS,
    '',
    `__all__ = [${exportedNames(values).map(pyString).join(', ')}]`,
    '',
    '',
    PY_RUNTIME,
    '',
    '',
    ...values.flatMap((v) => valueClass(v)),
    ...secretsClass(service, values),
    ...values.flatMap((v) => v.fields.flatMap((f) => specConstant(catalog, f))),
    ...loaders(service, values),
  ];
  return lines(parts);
}

/** What the module exports, in the order `__all__` lists it. */
function exportedNames(values: readonly PySecret[]): string[] {
  return ['Problem', 'Secrets', 'SecretsError', ...values.map((v) => v.className), 'load', 'load_from_dir'];
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

/** Catalog prose inside a docstring: one line, backslashes and quotes escaped so it cannot end it. */
function docstringText(text: string): string {
  return oneLine(text).replace(/\\/g, '\\\\').replace(/"/g, '\\"');
}

function planSecrets(catalog: Catalog, secrets: readonly Secret[]): PySecret[] {
  const classes = new Set(RESERVED);
  const attributes = new Set<string>();
  return secrets.map((secret) => {
    const name = unique(className(secret.name), classes, 'Secret');
    const fieldNames = new Set<string>();
    const fields = fieldSpecs(catalog, secret).map((spec) => {
      const attribute = unique(spec.field === null ? 'value' : snakeCase(spec.field), fieldNames, '_');
      return { spec, attribute, constant: `_${snakeCase(name).toUpperCase()}_${attribute.toUpperCase()}` };
    });
    return { secret, className: name, attribute: unique(snakeCase(secret.name), attributes, '_'), fields };
  });
}

function unique(base: string, taken: Set<string>, suffix: string): string {
  let name = taken.has(base) ? `${base}${suffix}` : base;
  for (let i = 2; taken.has(name); i++) name = `${base}${suffix}${i}`;
  taken.add(name);
  return name;
}

function valueClass({ secret, className, fields }: PySecret): string[] {
  const description = secret.description ? ['', `    ${docstringText(secret.description)}`, '    """'] : [];
  const title = `    """The value of the "${secret.name}" secret.${description.length ? '' : '"""'}`;
  return [
    '@dataclasses.dataclass(frozen=True)',
    `class ${className}:`,
    title,
    ...description,
    '',
    // repr=False on every field: printing or logging a loaded secret shows no value.
    ...fields.map((f) => `    ${f.attribute}: ${PY_TYPES[f.spec.type]} = dataclasses.field(repr=False)`),
    '',
    '',
  ];
}

function secretsClass(service: Service, values: readonly PySecret[]): string[] {
  return [
    '@dataclasses.dataclass(frozen=True)',
    'class Secrets:',
    `    """Every secret "${service.name}" reads, and nothing else."""`,
    ...(values.length > 0 ? [''] : []),
    ...values.map((v) => `    ${v.attribute}: ${v.className}`),
    '',
    '',
  ];
}

function specConstant(catalog: Catalog, { spec, constant }: PyField): string[] {
  const args = [
    `secret=${pyString(spec.secret)}`,
    `field=${spec.field === null ? 'None' : pyString(spec.field)}`,
    `env=${pyString(spec.env)}`,
  ];
  if (spec.required) args.push('required=True');
  if (spec.defaultText !== undefined) args.push(`default=${pyString(spec.defaultText)}`);
  if (spec.minLength !== undefined && spec.minLength > 0) args.push(`min_length=${spec.minLength}`);
  if (spec.maxLength !== undefined) args.push(`max_length=${spec.maxLength}`);
  if (spec.pattern !== undefined)
    args.push(`pattern=re.compile(${pyString(pythonPattern(catalog, spec))}, re.ASCII)`);
  if (spec.format !== undefined) args.push(`format=${pyString(spec.format)}`);
  if (spec.minimum !== undefined) args.push(`minimum=${spec.minimum}`);
  if (spec.maximum !== undefined) args.push(`maximum=${spec.maximum}`);
  return [`${constant} = _Spec(`, ...args.map((a) => `    ${a},`), ')', ''];
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

function loaders(service: Service, values: readonly PySecret[]): string[] {
  const build = values.flatMap((v) => [
    `        ${v.attribute}=${v.className}(`,
    ...v.fields.map((f) => `            ${f.attribute}=reader.${READERS[f.spec.type]}(${f.constant}),`),
    '        ),',
  ]);
  return [
    '',
    'def _load(lookup: _Lookup) -> Secrets:',
    '    reader = _Reader(lookup)',
    ...(values.length > 0 ? ['    secrets = Secrets(', ...build, '    )'] : ['    secrets = Secrets()']),
    '    if reader.problems:',
    `        raise SecretsError(${pyString(service.name)}, reader.problems)`,
    '    return secrets',
    '',
    '',
    'def load(env: Mapping[str, str] | None = None) -> Secrets:',
    `    """Reads the secrets of "${service.name}" from \`env\` (default: os.environ).`,
    '',
    '    Raises SecretsError listing every missing or invalid field; it never contains a value.',
    '    """',
    '    source: Mapping[str, str] = os.environ if env is None else env',
    '    return _load(lambda _secret, env_var: source.get(env_var))',
    '',
    '',
    'def load_from_dir(root: str | os.PathLike[str]) -> Secrets:',
    `    """Reads mounted secrets: the file <root>/<secret name>/<ENV_VAR_NAME> holds one field.`,
    '',
    '    One trailing newline is removed. Raises SecretsError like load().',
    '    """',
    '    base = Path(root)',
    '    return _load(lambda secret, env_var: _read_file(base / secret / env_var))',
  ];
}
