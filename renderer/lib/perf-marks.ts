/**
 * User-timing marks for "first rows within 100 ms of the keystroke pause" (issue 12): the search box marks when
 * its debounce hands the query to the list, the table marks just after the frame that shows that query's rows is
 * painted. A benchmark (bench/first-paint.ts) reads them with a PerformanceObserver. Each mark replaces the
 * previous one of its name, so a long session does not collect them.
 */
export const SEARCH_APPLIED_MARK = 'filmroom:search-applied';
export const ROWS_PAINTED_MARK = 'filmroom:rows-painted';

export function mark(name: string, detail: Record<string, unknown>): void {
  performance.clearMarks(name);
  performance.mark(name, { detail });
}

/**
 * Runs `fn` just after the next frame is painted: requestAnimationFrame runs before that paint, and a message
 * posted from it is delivered once the frame is done.
 */
export function afterNextPaint(fn: () => void): void {
  requestAnimationFrame(() => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      fn();
    };
    channel.port2.postMessage(null);
  });
}
