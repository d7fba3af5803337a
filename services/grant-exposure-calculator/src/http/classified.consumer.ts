import { Controller, Inject } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { Subjects, type EventOf } from '@detainer-watch/contracts';
import type { Components } from '../components';
import { COMPONENTS } from '../tokens';

@Controller()
export class ClassifiedConsumer {
  constructor(@Inject(COMPONENTS) private readonly components: Components) {}

  /**
   * Estimate, store, inbox and outgoing event commit together; a rejection makes the bus retry. Estimates are
   * independent of each other, so many run at once: that is what lets the inbox commit them in groups (one
   * transaction and one WAL flush for many) instead of one transaction per jurisdiction.
   */
  @EventPattern(Subjects.JurisdictionClassified, { concurrency: 32 })
  async onClassified(@Payload() event: EventOf<typeof Subjects.JurisdictionClassified>): Promise<void> {
    await this.components.estimateClassified.execute(event);
  }
}
