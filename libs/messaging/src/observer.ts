import type { Logger } from 'pino';
import type { BusObserver } from './ports';

/**
 * Wraps an observer so a faulty metrics hook can never break message handling: observer errors are logged once
 * per hook and swallowed.
 */
export function safeObserver(observer: BusObserver | undefined, logger: Logger): Required<BusObserver> {
  const warned = new Set<string>();
  const guard =
    <A extends unknown[]>(name: keyof BusObserver, fn: ((...args: A) => void) | undefined) =>
    (...args: A): void => {
      if (!fn) return;
      try {
        fn.apply(observer, args);
      } catch (err) {
        if (warned.has(name)) return;
        warned.add(name);
        logger.warn({ err, hook: name }, 'bus observer hook threw; further errors from it are ignored');
      }
    };
  return {
    published: guard('published', observer?.published),
    consumed: guard('consumed', observer?.consumed),
    redelivered: guard('redelivered', observer?.redelivered),
  };
}
