/** How long each start-up step took, in ms, in order (what `filmroom serve` prints with its Ready line). */
export class StartupTimer {
  readonly steps: Record<string, number> = {};
  #lap = performance.now();

  lap(step: string): void {
    const t = performance.now();
    this.steps[step] = Math.round(t - this.#lap);
    this.#lap = t;
  }
}
