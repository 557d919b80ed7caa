import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv, type ValidateFunction } from 'ajv';
import { parse } from 'yaml';

const CRD_FILES = [
  'external-secrets.io_externalsecrets.yaml',
  'external-secrets.io_secretstores.yaml',
  'external-secrets.io_clustersecretstores.yaml',
];

interface CrdDocument {
  spec: {
    group: string;
    names: { kind: string };
    versions: Array<{ name: string; schema: { openAPIV3Schema: Record<string, unknown> } }>;
  };
}

/**
 * Validators for ESO's CRDs, by `apiVersion/kind`, built from the vendored CRD files. Like
 * `kubectl apply --validate=strict`, unknown fields are errors: the API server would silently
 * prune them, so a misspelt field would otherwise pass unnoticed.
 */
export function loadCrdValidators(): Map<string, ValidateFunction> {
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
  const validators = new Map<string, ValidateFunction>();
  for (const file of CRD_FILES) {
    const crd = parse(
      readFileSync(fileURLToPath(new URL(`../fixtures/crds/${file}`, import.meta.url)), 'utf8'),
    ) as CrdDocument;
    for (const version of crd.spec.versions) {
      const schema = rejectUnknownFields(structuredClone(version.schema.openAPIV3Schema));
      validators.set(`${crd.spec.group}/${version.name}/${crd.spec.names.kind}`, ajv.compile(schema));
    }
  }
  return validators;
}

function rejectUnknownFields(schema: Record<string, unknown>): Record<string, unknown> {
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) {
      node.forEach(visit);
      return;
    }
    if (typeof node !== 'object' || node === null) return;
    const record = node as Record<string, unknown>;
    if (
      record.properties &&
      record.additionalProperties === undefined &&
      !record['x-kubernetes-preserve-unknown-fields']
    ) {
      record.additionalProperties = false;
    }
    Object.values(record).forEach(visit);
  };
  visit(schema);
  // metadata is `type: object` in CRDs (the API server owns its schema); leave it open.
  return schema;
}
