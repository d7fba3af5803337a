import { ServiceMetrics } from './service-metrics';

describe('ServiceMetrics', () => {
  it('turns bus and relay hooks into labelled Prometheus series next to process metrics', async () => {
    const m = new ServiceMetrics('notifier');
    m.busObserver.published('alert.sent');
    m.busObserver.published('alert.sent');
    m.busObserver.consumed('report.fetched', 'pdf_extractor_report_fetched', 'ack', 0.02);
    m.busObserver.consumed('report.fetched', 'pdf_extractor_report_fetched', 'dead_letter', 0.5);
    m.busObserver.redelivered('report.fetched', 'pdf_extractor_report_fetched', 2);
    m.relayObserver.relayFailed?.('alert.sent', 1);
    m.relayObserver.pruned?.(3);
    m.counter('notifier_emails_sent_total', 'Emails accepted by SMTP', ['kind']).inc({ kind: 'alert' });

    const { contentType, body } = await m.render();
    expect(contentType).toMatch(/^text\/plain/);
    expect(body).toContain('detainer_events_published_total{subject="alert.sent",service="notifier"} 2');
    expect(body).toContain(
      'detainer_events_consumed_total{subject="report.fetched",durable="pdf_extractor_report_fetched",outcome="ack",service="notifier"} 1',
    );
    expect(body).toContain(
      'detainer_dead_letters_total{subject="report.fetched",durable="pdf_extractor_report_fetched",service="notifier"} 1',
    );
    expect(body).toContain(
      'detainer_event_handler_seconds_count{service="notifier",subject="report.fetched",durable="pdf_extractor_report_fetched"} 2',
    );
    expect(body).toContain('detainer_event_redeliveries_total{subject="report.fetched"');
    expect(body).toContain(
      'detainer_outbox_publish_failures_total{subject="alert.sent",service="notifier"} 1',
    );
    expect(body).toContain('detainer_inbox_pruned_total{service="notifier"} 3');
    expect(body).toContain('notifier_emails_sent_total{kind="alert",service="notifier"} 1');
    expect(body).toContain('process_cpu_user_seconds_total');
  });

  it('keeps two services in one process apart', async () => {
    const a = new ServiceMetrics('a');
    const b = new ServiceMetrics('b');
    a.busObserver.published('alert.sent');
    expect((await b.render()).body).not.toContain('detainer_events_published_total{');
    expect((await a.render()).body).toContain('service="a"} 1');
  });
});
