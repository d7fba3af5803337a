import { isIP } from 'node:net';
import { z } from 'zod';

const MB = 1024 * 1024;

/** How the fetcher behaves on the network: identity, patience, retries, politeness and what it may reach. */
export const HttpPolicySchema = z.object({
  userAgent: z
    .string()
    .min(1)
    .default('detainer-watch-report-fetcher/0.1 (+https://github.com/detainer-watch/detainer-watch)'),
  /** TCP (and TLS) connection established within this time. */
  connectTimeoutMs: z.number().int().positive().default(10_000),
  /** Response status line and headers received within this time of starting the request (connecting included). */
  headersTimeoutMs: z.number().int().positive().default(30_000),
  /** Whole request, body included. */
  totalTimeoutMs: z.number().int().positive().default(300_000),
  /** Attempts after the first one, for 5xx replies, network errors and timeouts (never for 4xx). */
  retries: z.number().int().nonnegative().default(3),
  /** Backoff before retry n (0-based) is random in [0, min(maxDelay, base * 2^n)] ("full jitter"). */
  retryBaseDelayMs: z.number().int().nonnegative().default(1_000),
  retryMaxDelayMs: z.number().int().nonnegative().default(30_000),
  /** Minimum time between two requests to the same host (redirects and retries included). */
  minIntervalPerHostMs: z.number().int().nonnegative().default(2_000),
  /** Hosts the fetcher may contact, redirects included; exact names, compared case-insensitively. */
  allowedHosts: z.array(z.string().min(1)).default(['www.ice.gov', 'ice.gov']),
  /**
   * Addresses allowed although they are private, loopback, link-local, unique-local or unspecified. Empty in
   * production; tests put 127.0.0.1 here.
   */
  allowedPrivateAddresses: z
    .array(z.string().refine((a) => isIP(a) !== 0, 'expected an IP address'))
    .default([]),
  maxRedirects: z.number().int().nonnegative().default(5),
  /** Largest PDF accepted; enforced while streaming. */
  maxPdfBytes: z
    .number()
    .int()
    .positive()
    .default(50 * MB),
  /** Largest index page accepted. */
  maxPageBytes: z
    .number()
    .int()
    .positive()
    .default(5 * MB),
});

export type HttpPolicy = z.infer<typeof HttpPolicySchema>;

export const httpPolicy = (overrides: z.input<typeof HttpPolicySchema> = {}): HttpPolicy =>
  HttpPolicySchema.parse(overrides);
