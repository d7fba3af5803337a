import { watch, type FSWatcher } from 'node:fs';
import { mkdirSync } from 'node:fs';
import type { Logger } from 'pino';
import type { InboxSource } from '../sources/source.config';
import type { SourceChecker } from '../scheduling/source-scheduler';

/**
 * Checks an inbox source soon after something changes in its folder, so a dropped file is taken within seconds
 * rather than at the next cron run (which stays as the safety net: fs.watch can miss events on network mounts).
 * Events are debounced; the check itself waits for the file to stop growing.
 */
export class InboxWatcher {
  private watcher: FSWatcher | null = null;
  private timer: NodeJS.Timeout | null = null;
  private again = false;
  private running: Promise<unknown> | null = null;

  constructor(
    private readonly source: InboxSource,
    private readonly checker: SourceChecker,
    private readonly debounceMs = 500,
    private readonly logger?: Pick<Logger, 'info' | 'warn' | 'error'>,
  ) {}

  start(): void {
    if (this.watcher) return;
    mkdirSync(this.source.path, { recursive: true });
    // Not recursive: processed/ and rejected/ live inside the folder and moving files there must not retrigger.
    this.watcher = watch(this.source.path, { persistent: false }, (_event, name) => {
      if (name && !name.startsWith('.')) this.schedule();
    });
    this.watcher.on('error', (err) =>
      this.logger?.warn(
        { sourceId: this.source.id, err },
        'inbox folder watch failed; the cron check remains',
      ),
    );
    this.schedule();
  }

  async stop(): Promise<void> {
    this.watcher?.close();
    this.watcher = null;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }

  private schedule(): void {
    if (!this.watcher) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.fire(), this.debounceMs);
  }

  private fire(): void {
    this.timer = null;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.checker
      .check(this.source)
      .then((r) => {
        const taken = r.results.filter((x) => x.outcome !== 'failed').length;
        if (taken > 0 || !r.ok)
          this.logger?.info({ sourceId: this.source.id, ok: r.ok, files: r.results }, 'inbox checked');
      })
      .catch((err: unknown) => this.logger?.error({ sourceId: this.source.id, err }, 'inbox check crashed'))
      .finally(() => {
        this.running = null;
        if (this.again) {
          this.again = false;
          this.schedule();
        }
      });
  }
}
