import { bootstrapService } from '@detainer-watch/service-kit';
import { dashboard } from './index';

void bootstrapService(dashboard);
