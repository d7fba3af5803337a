import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';
import type { BusObserver } from '@detainer-watch/messaging';
import type { OutboxRelayObserver } from '@detainer-watch/persistence';

type Outcome = Parameters<Required<BusObserver>['consumed']>[2];

/**
 * One Prometheus registry per service instance (several services can share a process in embedded mode), with
 * process metrics, message-flow metrics fed by the bus and relay hooks, and the service's own metrics.
 */
export class ServiceMetrics {
  readonly registry = new Registry();
  private readonly published: Counter<'subject'>;
  private readonly consumed: Counter<'subject' | 'durable' | 'outcome'>;
  private readonly handlerSeconds: Histogram<'subject' | 'durable'>;
  private readonly redeliveries: Counter<'subject' | 'durable'>;
  private readonly deadLetters: Counter<'subject' | 'durable'>;
  private readonly relayFailures: Counter<'subject'>;
  private readonly pruned: Counter;

  constructor(service: string) {
    this.registry.setDefaultLabels({ service });
    collectDefaultMetrics({ register: this.registry });
    this.published = this.counter('detainer_events_published_total', 'Events the broker acknowledged', [
      'subject',
    ]);
    this.consumed = this.counter('detainer_events_consumed_total', 'Deliveries handled, by outcome', [
      'subject',
      'durable',
      'outcome',
    ]);
    this.handlerSeconds = new Histogram({
      name: 'detainer_event_handler_seconds',
      help: 'Time from receiving a delivery to settling it (ack, retry, dead letter)',
      labelNames: ['subject', 'durable'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
      registers: [this.registry],
    });
    this.redeliveries = this.counter('detainer_event_redeliveries_total', 'Deliveries after the first', [
      'subject',
      'durable',
    ]);
    this.deadLetters = this.counter('detainer_dead_letters_total', 'Messages moved to dead.<subject>', [
      'subject',
      'durable',
    ]);
    this.relayFailures = this.counter('detainer_outbox_publish_failures_total', 'Failed outbox publishes', [
      'subject',
    ]);
    this.pruned = this.counter(
      'detainer_inbox_pruned_total',
      'Inbox records deleted after their retention (30 days)',
      [],
    );
  }

  /** A counter in this service's registry, for a service's own figures (reports fetched, emails sent...). */
  counter<L extends string>(name: string, help: string, labelNames: readonly L[]): Counter<L> {
    return new Counter({ name, help, labelNames, registers: [this.registry] });
  }

  histogram<L extends string>(
    name: string,
    help: string,
    labelNames: readonly L[],
    buckets?: number[],
  ): Histogram<L> {
    return new Histogram({ name, help, labelNames, buckets, registers: [this.registry] });
  }

  /** Hand this to the bus. */
  readonly busObserver: Required<BusObserver> = {
    published: (subject) => this.published.inc({ subject }),
    consumed: (subject: string, durable: string, outcome: Outcome, seconds: number) => {
      this.consumed.inc({ subject, durable, outcome });
      this.handlerSeconds.observe({ subject, durable }, seconds);
      if (outcome === 'dead_letter' || outcome === 'terminated') this.deadLetters.inc({ subject, durable });
    },
    redelivered: (subject, durable) => this.redeliveries.inc({ subject, durable }),
  };

  /** Hand this to the outbox relay. Successful publishes are counted by the bus observer. */
  readonly relayObserver: OutboxRelayObserver = {
    relayFailed: (subject) => this.relayFailures.inc({ subject }),
    pruned: (count) => this.pruned.inc(count),
  };

  /** Prometheus text exposition. */
  async render(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
