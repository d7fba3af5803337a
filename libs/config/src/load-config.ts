import { z } from 'zod';
import { ConfigError, ConfigProblem } from './config-error';
import { describeEnvVar } from './describe-env';

export type Env = Record<string, string | undefined>;

export interface LoadConfigOptions {
  /** Named in the error message, e.g. the service name. */
  context?: string;
}

/**
 * Validates the variables a schema declares and returns them typed. Variables set to the empty string count as
 * unset, because `FOO=` in a compose file or env file is how operators usually "unset" something, and the
 * schema's default should then apply rather than a confusing "malformed" error.
 */
export function loadConfig<S extends z.ZodObject>(
  schema: S,
  env: Env = process.env,
  options: LoadConfigOptions = {},
): z.infer<S> {
  const input: Env = {};
  for (const name of Object.keys(schema.shape)) {
    const value = env[name];
    if (value !== undefined && value !== '') input[name] = value;
  }
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw new ConfigError(problemsOf(schema, input, result.error.issues), options.context);
}

/** For `main()`: prints the ConfigError (naming every bad variable) and exits 1 instead of a stack trace. */
export function loadConfigOrExit<S extends z.ZodObject>(
  schema: S,
  env: Env = process.env,
  options: LoadConfigOptions = {},
): z.infer<S> {
  try {
    return loadConfig(schema, env, options);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    process.stderr.write(`${err.message}\n`);
    process.exit(1);
  }
}

function problemsOf(schema: z.ZodObject, input: Env, issues: z.core.$ZodIssue[]): ConfigProblem[] {
  const byVariable = new Map<string, ConfigProblem>();
  for (const issue of issues) {
    const variable = String(issue.path[0] ?? '(environment)');
    if (byVariable.has(variable)) continue;
    const field = schema.shape[variable] as z.ZodType | undefined;
    const description = field ? describeEnvVar(variable, field).description : undefined;
    const hint = description ? ` (${description})` : '';
    byVariable.set(
      variable,
      input[variable] === undefined
        ? { variable, problem: 'missing', reason: `it is required${hint}` }
        : { variable, problem: 'malformed', reason: `${issue.message}${hint}` },
    );
  }
  return [...byVariable.values()];
}
