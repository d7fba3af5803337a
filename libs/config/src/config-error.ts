/** One environment variable that failed validation, named so an operator can fix it without reading code. */
export interface ConfigProblem {
  variable: string;
  problem: 'missing' | 'malformed';
  /** Why it was rejected (never the value itself: it may be a secret such as a database password). */
  reason: string;
}

/** Thrown by `loadConfig`; the message lists every bad variable at once so one restart fixes them all. */
export class ConfigError extends Error {
  constructor(
    readonly problems: readonly ConfigProblem[],
    readonly context?: string,
  ) {
    super(
      `Invalid configuration${context ? ` for ${context}` : ''}: ${problems.length} environment variable` +
        `${problems.length === 1 ? ' is' : 's are'} missing or malformed:\n` +
        problems.map((p) => `  - ${p.variable}: ${p.problem}, ${p.reason}`).join('\n'),
    );
    this.name = 'ConfigError';
  }
}
