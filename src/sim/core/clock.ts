/**
 * Simulated time. Everything in the simulator that "takes time" (stack set operations, account creation,
 * Config evaluations, remediation) is an event scheduled at a simulated instant; the world runs every event
 * that is due before it serves a request, so state is only ever observed after time has been applied.
 */
export interface SimClock {
  /** Simulated epoch milliseconds. */
  now(): number;
}

/**
 * Real wall-clock time, optionally sped up (speed 10 = ten simulated seconds per real second), that can also
 * jump ahead: the demo skips the minutes AWS Config would take to remediate.
 */
export class RealClock implements SimClock {
  private readonly realOrigin = Date.now();
  private jumped = 0;
  constructor(
    private readonly speed = 1,
    private readonly simOrigin = Date.now(),
  ) {}

  now(): number {
    return this.simOrigin + (Date.now() - this.realOrigin) * this.speed + this.jumped;
  }

  /** Moves simulated time ahead by `ms` at once; events due by then run at the next request. */
  advance(ms: number): void {
    this.jumped += ms;
  }
}

/** A clock that moves only when a test tells it to. */
export class ManualClock implements SimClock {
  constructor(private current = Date.UTC(2026, 10, 28, 12, 0, 0)) {}

  now(): number {
    return this.current;
  }

  advance(ms: number): void {
    this.current += ms;
  }

  set(epochMs: number): void {
    this.current = epochMs;
  }
}

interface ScheduledEvent {
  at: number;
  seq: number;
  label: string;
  run: () => void;
}

/** A discrete-event queue ordered by time, then by insertion order (so equal-time events stay FIFO). */
export class Scheduler {
  private readonly heap: ScheduledEvent[] = [];
  private seq = 0;

  at(at: number, label: string, run: () => void): void {
    const event = { at, seq: this.seq++, label, run };
    this.heap.push(event);
    this.siftUp(this.heap.length - 1);
  }

  get size(): number {
    return this.heap.length;
  }

  /** The time of the next pending event, if any. */
  peekTime(): number | undefined {
    return this.heap[0]?.at;
  }

  /** Removes and returns the next event due at or before `until`. */
  popDue(until: number): ScheduledEvent | undefined {
    const top = this.heap[0];
    if (!top || top.at > until) return undefined;
    const last = this.heap.pop()!;
    if (this.heap.length > 0) {
      this.heap[0] = last;
      this.siftDown(0);
    }
    return top;
  }

  /** Whether the event at heap index `a` is due before the one at `b` (an index past the end is never first). */
  private less(a: number, b: number): boolean {
    const x = this.heap[a];
    const y = this.heap[b];
    return x !== undefined && y !== undefined && (x.at < y.at || (x.at === y.at && x.seq < y.seq));
  }

  private swap(a: number, b: number): void {
    const h = this.heap;
    const x = h[a];
    const y = h[b];
    if (x === undefined || y === undefined) return;
    h[a] = y;
    h[b] = x;
  }

  private siftUp(i: number): void {
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.less(i, p)) break;
      this.swap(i, p);
      i = p;
    }
  }

  private siftDown(i: number): void {
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (this.less(l, m)) m = l;
      if (this.less(r, m)) m = r;
      if (m === i) return;
      this.swap(i, m);
      i = m;
    }
  }
}
