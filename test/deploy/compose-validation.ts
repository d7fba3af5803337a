import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import { parseDocument } from 'yaml';

/**
 * Validates a compose file the way `docker compose config` would, without a Docker engine: YAML with anchors and
 * merge keys resolved, checked against the Compose specification's JSON Schema (the copy dclint ships), plus the
 * cross-references the schema cannot express (depends_on targets, named volumes).
 */
export interface ComposeFile {
  services: Record<string, ComposeService>;
  volumes?: Record<string, unknown>;
}
export interface ComposeService {
  environment?: Record<string, string> | string[];
  depends_on?: Record<string, { condition: string }> | string[];
  healthcheck?: { test?: unknown; disable?: boolean };
  volumes?: (string | { type: string; source?: string })[];
  restart?: string;
}

export const dclintDir = join(require.resolve('dclint/package.json'), '..');
const schemaPath = join(dclintDir, 'schemas', 'compose.schema.json');

export function loadCompose(path: string): { doc: ComposeFile; text: string } {
  const text = readFileSync(path, 'utf8');
  const parsed = parseDocument(text, { merge: true });
  if (parsed.errors.length > 0) throw new Error(`${path}: ${parsed.errors.map((e) => e.message).join('; ')}`);
  return { doc: parsed.toJS({ maxAliasCount: 1000 }) as ComposeFile, text };
}

export function validateCompose(doc: ComposeFile): string[] {
  const ajv = new Ajv({ allErrors: true, strict: false });
  // The shipped schema names its draft without the trailing '#', which Ajv's draft-07 meta-schema id has.
  const { $schema: _draft, ...schema } = JSON.parse(readFileSync(schemaPath, 'utf8')) as Record<
    string,
    unknown
  >;
  const validate = ajv.compile(schema);
  const problems = validate(doc)
    ? []
    : (validate.errors ?? []).map((e) => `${e.instancePath || '(root)'} ${e.message ?? ''}`.trim());
  for (const [name, svc] of Object.entries(doc.services ?? {})) {
    const deps = Array.isArray(svc.depends_on) ? svc.depends_on : Object.keys(svc.depends_on ?? {});
    for (const dep of deps)
      if (!doc.services[dep]) problems.push(`service ${name} depends on unknown service ${dep}`);
    for (const v of svc.volumes ?? []) {
      const source = typeof v === 'string' ? v.split(':')[0] : v.source;
      if (source && !/^[./~]/.test(source) && !(doc.volumes && source in doc.volumes))
        problems.push(`service ${name} mounts undeclared volume ${source}`);
    }
  }
  return problems;
}

/** The environment a service gets, with `${VAR:-default}` / `${VAR:?msg}` left as written. */
export function environmentOf(svc: ComposeService): Record<string, string> {
  if (Array.isArray(svc.environment))
    return Object.fromEntries(
      svc.environment.map((kv) => [kv.split('=')[0], kv.split('=').slice(1).join('=')]),
    );
  return Object.fromEntries(Object.entries(svc.environment ?? {}).map(([k, v]) => [k, String(v)]));
}

/** Every variable the compose file interpolates from the host environment / .env. */
export function interpolatedVariables(text: string): Set<string> {
  return new Set([...text.matchAll(/\$\{([A-Z0-9_]+)(?::?[-?][^}]*)?\}/g)].map((m) => m[1]));
}
