import { bootstrapService } from '@detainer-watch/service-kit';
import { jurisdictionClassifierService } from './service';

void bootstrapService(jurisdictionClassifierService).catch(() => {
  // bootstrapService has logged why and closed what it opened.
  process.exitCode = 1;
});
