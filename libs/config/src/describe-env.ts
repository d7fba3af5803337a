import { z } from 'zod';

/** What a deployment needs to know about one variable: docs and compose checks list these. */
export interface EnvVarDescription {
  name: string;
  required: boolean;
  /** The default as it would appear in an env file; undefined when there is none. */
  default?: string;
  description?: string;
}

/** Lists the variables of a config schema in declaration order. */
export function describeEnv(schema: z.ZodObject): EnvVarDescription[] {
  return Object.entries(schema.shape).map(([name, field]) => describeEnvVar(name, field as z.ZodType));
}

export function describeEnvVar(name: string, field: z.ZodType): EnvVarDescription {
  const out: EnvVarDescription = { name, required: !field.safeParse(undefined).success };
  const defaultValue = findDefault(field);
  if (defaultValue !== undefined) out.default = String(defaultValue);
  const description = findDescription(field);
  if (description !== undefined) out.description = description;
  return out;
}

// `.describe()` may sit on the wrapper (`z.string().default('x').describe(...)`) or on the inner type
// (`z.string().describe(...).optional()`); look through optional/default/nullable wrappers for both.
function unwrapChain(field: z.ZodType): z.ZodType[] {
  const chain: z.ZodType[] = [field];
  let current = field;
  for (;;) {
    const def = current.def as { innerType?: z.ZodType };
    if (!def.innerType) return chain;
    current = def.innerType;
    chain.push(current);
  }
}

function findDescription(field: z.ZodType): string | undefined {
  return unwrapChain(field).find((t) => t.description !== undefined)?.description;
}

function findDefault(field: z.ZodType): unknown {
  for (const t of unwrapChain(field)) {
    if (t instanceof z.ZodDefault) return t.def.defaultValue;
  }
  return undefined;
}
