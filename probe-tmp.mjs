import { Producer } from 'ferrokafka';
const brokers = process.env.BROKERS;
const p = new Producer({ bootstrapServers: brokers, queueMaxMessages: 100, logger: () => {} });
let reports = 0; const seen = new Map();
p.on('delivery', (batch) => { reports += batch.length; });
const c = new AbortController();
const recs = Array.from({ length: 5000 }, (_, i) => ({ topic: 'probe-t', value: String(i) }));
const b = p.sendBatch(recs, { signal: c.signal }).then((r) => ({ ok: r.length }), (e) => ({ failed: e.failed?.length, ok: e.results.filter((r) => r.status === 'fulfilled').length }));
setTimeout(() => c.abort(), 5);
const r = await b;
await new Promise((res) => setTimeout(res, 100));
console.log(JSON.stringify(r), 'reports', reports, 'pending', p.pending);
// produce with throwing callback and close inside callback
let n = 0;
for (let i = 0; i < 1000; i++) p.produce({ topic: 'probe-t', value: 'x' }, () => { n++; if (n === 10) p.close(); if (n === 11) throw new Error('cb'); });
process.on('uncaughtException', (e) => console.log('uncaught', e.message));
const und = await p.close();
console.log('n', n, 'undelivered', und.length, 'reports', reports);
