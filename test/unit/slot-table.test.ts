import { describe, expect, it } from 'vitest';

import { SlotKind, SlotTable } from '../../lib/delivery/slot-table.js';

describe('slot table', () => {
  it('never hands out a live slot twice, reuses freed ones and grows past its first capacity', () => {
    const table = new SlotTable();
    const live = new Set<number>();
    let peakLive = 0;
    let highestSlot = -1;
    let seed = 7;
    const random = (): number => {
      seed = (seed * 48271) % 2147483647;
      return seed / 2147483647;
    };
    for (let step = 0; step < 20_000; step++) {
      if (live.size > 0 && random() < 0.45) {
        const slot = [...live][Math.floor(random() * live.size)]!;
        table.release(slot);
        live.delete(slot);
        expect(table.isLive(slot)).toBe(false);
      } else {
        const kind = step % 3 === 0 ? SlotKind.Batch : SlotKind.Callback;
        const slot = table.allocate(kind, step % 5);
        expect(live.has(slot)).toBe(false);
        live.add(slot);
        peakLive = Math.max(peakLive, live.size);
        highestSlot = Math.max(highestSlot, slot);
        expect(table.isLive(slot)).toBe(true);
        expect(table.topicIds[slot]).toBe(step % 5);
        expect(table.kinds[slot]).toBe(kind);
      }
    }
    expect(table.inUse).toBe(live.size);
    expect(new Set(table.liveSlots())).toEqual(live);
    // Freed slots are reused before new ones are issued: no more slots exist than were ever live at once.
    expect(highestSlot).toBe(peakLive - 1);
    expect(peakLive).toBeGreaterThan(1024);
  });
});
