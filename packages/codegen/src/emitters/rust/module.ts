import type { Catalog, RustNamePlan, ScalarType, Secret, SecretField, Service } from '@locksmith/schema';
import { describeService } from '@locksmith/schema';
import { rustDocText, rustRawJson, rustString } from '../../escape/rust.js';
import { compareStrings } from '../../generated-file.js';
import { headerComment } from '../../header.js';
import { lines } from '../../text.js';

const RUST_TYPES: Readonly<Record<ScalarType, string>> = {
  string: 'String',
  integer: 'i64',
  number: 'f64',
  boolean: 'bool',
};

interface Planned {
  readonly secret: Secret;
  readonly type: string;
  readonly member: string;
}

/** `rust/<module>/mod.rs`: already rustfmt-formatted (a test runs rustfmt over it). */
export function rustModule(
  catalog: Catalog,
  service: Service,
  secrets: readonly Secret[],
  plan: RustNamePlan,
): string {
  const planned: Planned[] = secrets.map((secret) => ({
    secret,
    type: plan.types.get(secret.name)!,
    member: plan.members.get(secret.name)!,
  }));
  const hasObject = planned.some((p) => p.secret.kind === 'object');
  // describeService looks the read secrets up in `catalog.secrets`; handing it only those keeps
  // the lookup small on catalogs with thousands of secrets.
  const described = describeService({ ...catalog, secrets }, service.name);
  // The catalog's order of reads is not meaningful: sorted, the literal is the same bytes whatever it was.
  const descriptor = {
    ...described,
    secrets: Object.fromEntries(Object.entries(described.secrets).sort(([a], [b]) => compareStrings(a, b))),
  };
  const name = rustString(service.name);
  return lines([
    headerComment(catalog, 'slash').trimEnd(),
    '// @generated',
    '',
    `//! Secrets of the ${name} service: a typed value per secret, a loader from environment`,
    '//! variables or mounted files, and a client for the stores (see docs/rust.md).',
    '',
    'use std::path::PathBuf;',
    '',
    'use locksmith_sdk::load::{DirSource, EnvSource, LoadError, Loader, Source};',
    ...(hasObject ? ['use locksmith_sdk::serde::Deserialize;'] : []),
    useSdk(planned.length > 0),
    '',
    ...planned.flatMap((p) => valueType(p, plan)),
    `/// Every secret ${name} reads, and nothing else. \`Debug\` shows no value.`,
    '#[derive(Clone, Debug)]',
    ...structBody(
      'Secrets',
      planned.map((p) => `    pub ${p.member}: ${p.type},`),
    ),
    '',
    `/// The service name.`,
    `pub const SERVICE: &str = ${name};`,
    '',
    `/// What the runtime needs to fetch, validate and rotate the secrets of ${name}.`,
    `pub const DESCRIPTOR_JSON: &str = ${rustRawJson(JSON.stringify(descriptor, null, 2))};`,
    '',
    '/// The descriptor, parsed.',
    'pub fn descriptor() -> ServiceDescriptor {',
    '    ServiceDescriptor::from_json(DESCRIPTOR_JSON).expect("the generated descriptor parses")',
    '}',
    '',
    ...loaders(service, planned),
    ...client(service, planned),
  ]);
}

function useSdk(anySecret: boolean): string {
  const names = anySecret
    ? ['ClientOptions', 'Secret', 'SecretClient', 'SecretHandle', 'SecretsError', 'ServiceDescriptor']
    : ['ClientOptions', 'SecretClient', 'SecretsError', 'ServiceDescriptor'];
  const line = `use locksmith_sdk::{${names.join(', ')}};`;
  if (line.length <= 100) return line;
  return ['use locksmith_sdk::{', `    ${names.join(', ')},`, '};'].join('\n');
}

function structBody(typeName: string, fields: readonly string[]): string[] {
  if (fields.length === 0) return [`pub struct ${typeName} {}`];
  return [`pub struct ${typeName} {`, ...fields, '}'];
}

function summary(secret: Secret): string {
  const text = rustDocText(secret.description ?? '');
  const about = text ? `: ${text}` : '.';
  return `/// The value of the ${rustString(secret.name)} secret${about}`;
}

function valueType({ secret, type }: Planned, plan: RustNamePlan): string[] {
  if (secret.kind === 'string') return [summary(secret), `pub type ${type} = Secret<String>;`, ''];
  const fields = plan.fields.get(secret.name)!;
  return [
    summary(secret),
    '#[derive(Clone, Debug, Deserialize)]',
    '#[serde(crate = "locksmith_sdk::serde")]',
    ...structBody(
      type,
      secret.fields.flatMap((f) => fieldLines(f, fields.get(f.name!)!)),
    ),
    '',
  ];
}

function fieldLines(field: SecretField, identifier: string): string[] {
  const scalar = `Secret<${RUST_TYPES[field.type]}>`;
  // A default is applied before the value reaches the struct, so such a field is always there.
  const always = field.required || field.default !== undefined;
  // serde matches the Rust field name, so any mangled identifier (`type_`) needs a rename.
  const plain = identifier === field.name;
  const about = rustDocText(field.description ?? '');
  return [
    ...(about ? [`    /// ${about}`] : []),
    ...(plain ? [] : [`    #[serde(rename = ${rustString(field.name!)})]`]),
    `    pub ${identifier}: ${always ? scalar : `Option<${scalar}>`},`,
  ];
}

function loaders(service: Service, planned: readonly Planned[]): string[] {
  const name = rustString(service.name);
  return [
    `/// Reads the secrets of ${name} from environment variables.`,
    'pub fn load() -> Result<Secrets, LoadError> {',
    '    load_from(&EnvSource::process())',
    '}',
    '',
    '/// Reads them from mounted files: `<root>/<secret name>/<ENV_VAR_NAME>`.',
    'pub fn load_from_dir(root: impl Into<PathBuf>) -> Result<Secrets, LoadError> {',
    '    load_from(&DirSource(root.into()))',
    '}',
    '',
    '/// Reads every field from `source` and checks it against the catalog. The error lists every',
    '/// missing or invalid field at once and never contains a value.',
    'pub fn load_from(source: &dyn Source) -> Result<Secrets, LoadError> {',
    `    let ${planned.length > 0 ? 'mut ' : ''}loader = Loader::new(descriptor(), source);`,
    ...planned.map((p) => `    let ${p.member} = loader.secret::<${p.type}>(${rustString(p.secret.name)});`),
    '    loader.finish()?;',
    ...(planned.length === 0
      ? ['    Ok(Secrets {})']
      : [
          '    Ok(Secrets {',
          ...planned.map((p) => `        ${p.member}: ${p.member}.expect("checked by finish"),`),
          '    })',
        ]),
    '}',
    '',
  ];
}

function client(service: Service, planned: readonly Planned[]): string[] {
  const name = rustString(service.name);
  return [
    `/// Typed handles on the secrets of ${name}, served by the runtime client.`,
    '#[derive(Clone, Debug)]',
    'pub struct Client {',
    '    /// The runtime client: preload, health, close.',
    '    pub runtime: SecretClient,',
    ...planned.map((p) => `    pub ${p.member}: SecretHandle<${p.type}>,`),
    '}',
    '',
    '/// Builds the client. `LOCKSMITH_ENV` (or `options.environment`) picks the environment: where',
    '/// its source is `store` the values come from AWS or Vault, where it is `env` or `files` from',
    '/// environment variables or mounted files. Nothing is fetched until the first read or preload.',
    'pub async fn connect(options: ClientOptions) -> Result<Client, SecretsError> {',
    '    let runtime = SecretClient::builder(descriptor())',
    ...planned.map((p) => `        .register::<${p.type}>(${rustString(p.secret.name)})`),
    '        .options(options)',
    '        .build()',
    '        .await?;',
    '    Ok(Client {',
    ...planned.map((p) => `        ${p.member}: runtime.secret(${rustString(p.secret.name)})?,`),
    '        runtime,',
    '    })',
    '}',
  ];
}
