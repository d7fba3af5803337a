import { CreateLedger1763900000000 } from './1763900000000-create-ledger';

/** The service's own migrations, after the platform outbox and inbox ones. */
export const migrations = [CreateLedger1763900000000];
