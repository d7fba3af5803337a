import { bootstrapService } from '@detainer-watch/service-kit';
import { grantExposureCalculator } from './index';

void bootstrapService(grantExposureCalculator);
