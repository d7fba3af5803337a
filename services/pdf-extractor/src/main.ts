import { bootstrapService } from '@detainer-watch/service-kit';
import { pdfExtractor } from './index';

void bootstrapService(pdfExtractor);
