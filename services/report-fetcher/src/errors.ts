/**
 * Why a fetch or an inbox file was refused. Every refusal carries a code (for metrics and branching) and a message
 * that names the URL or file and what was expected, so the reason stored in source state is readable as is.
 */
export type FetchErrorCode =
  | 'bad_url'
  | 'scheme_not_allowed'
  | 'host_not_allowed'
  | 'address_not_allowed'
  | 'dns_failed'
  | 'too_many_redirects'
  | 'http_status'
  | 'timeout'
  | 'network'
  | 'bad_content_type'
  | 'html_instead_of_pdf'
  | 'not_pdf'
  | 'empty'
  | 'too_large'
  | 'truncated'
  | 'io'
  /** Interrupted because the service is stopping: not the source's fault, retried on the next check. */
  | 'shutdown';

/** Codes that a later attempt may not repeat: transient server or network trouble. */
const RETRYABLE: ReadonlySet<FetchErrorCode> = new Set(['timeout', 'network', 'truncated', 'dns_failed']);

export class FetchError extends Error {
  readonly retryable: boolean;

  constructor(
    readonly code: FetchErrorCode,
    message: string,
    readonly details: { url?: string; status?: number; bytesRead?: number; retryable?: boolean } = {},
  ) {
    super(message);
    this.name = 'FetchError';
    this.retryable = details.retryable ?? RETRYABLE.has(code);
  }
}

export const errorMessage = (e: unknown): string => (e instanceof Error ? e.message : String(e));
