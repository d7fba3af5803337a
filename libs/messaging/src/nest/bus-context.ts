import { BaseRpcContext } from '@nestjs/microservices';
import type { DeliveryContext } from '../ports';

/** What `@Ctx()` receives in a handler served by `BusTransport`: the delivery's subject, attempt, and working(). */
export class BusContext extends BaseRpcContext<[DeliveryContext]> {
  getDelivery(): DeliveryContext {
    return this.args[0];
  }
}
