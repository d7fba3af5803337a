import { bootstrapService } from '@detainer-watch/service-kit';
import { notifier } from './index';

void bootstrapService(notifier);
