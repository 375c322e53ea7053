/** Real wall-clock time, optionally sped up (speed 10 = ten simulated seconds per real second). */
export class RealClock {
    speed;
    simOrigin;
    realOrigin = Date.now();
    constructor(speed = 1, simOrigin = Date.now()) {
        this.speed = speed;
        this.simOrigin = simOrigin;
    }
    now() {
        return this.simOrigin + (Date.now() - this.realOrigin) * this.speed;
    }
}
/** A clock that moves only when a test tells it to. */
export class ManualClock {
    current;
    constructor(current = Date.UTC(2026, 10, 28, 12, 0, 0)) {
        this.current = current;
    }
    now() {
        return this.current;
    }
    advance(ms) {
        this.current += ms;
    }
    set(epochMs) {
        this.current = epochMs;
    }
}
/** A discrete-event queue ordered by time, then by insertion order (so equal-time events stay FIFO). */
export class Scheduler {
    heap = [];
    seq = 0;
    at(at, label, run) {
        const event = { at, seq: this.seq++, label, run };
        this.heap.push(event);
        this.siftUp(this.heap.length - 1);
    }
    get size() {
        return this.heap.length;
    }
    /** The time of the next pending event, if any. */
    peekTime() {
        return this.heap[0]?.at;
    }
    /** Removes and returns the next event due at or before `until`. */
    popDue(until) {
        const top = this.heap[0];
        if (!top || top.at > until)
            return undefined;
        const last = this.heap.pop();
        if (this.heap.length > 0) {
            this.heap[0] = last;
            this.siftDown(0);
        }
        return top;
    }
    less(a, b) {
        return a.at < b.at || (a.at === b.at && a.seq < b.seq);
    }
    siftUp(i) {
        const h = this.heap;
        while (i > 0) {
            const p = (i - 1) >> 1;
            if (!this.less(h[i], h[p]))
                break;
            [h[i], h[p]] = [h[p], h[i]];
            i = p;
        }
    }
    siftDown(i) {
        const h = this.heap;
        for (;;) {
            const l = 2 * i + 1;
            const r = l + 1;
            let m = i;
            if (l < h.length && this.less(h[l], h[m]))
                m = l;
            if (r < h.length && this.less(h[r], h[m]))
                m = r;
            if (m === i)
                return;
            [h[i], h[m]] = [h[m], h[i]];
            i = m;
        }
    }
}
//# sourceMappingURL=clock.js.map