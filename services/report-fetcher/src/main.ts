import { bootstrapService } from '@detainer-watch/service-kit';
import { reportFetcherService } from './service';

// A failed start is logged (with the variable at fault for a configuration error) by bootstrapService.
bootstrapService(reportFetcherService).catch(() => process.exit(1));
