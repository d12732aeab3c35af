import { writeFileSync } from 'node:fs';
import { broadcastRun } from '../bench/broadcasts.ts';
const r = await broadcastRun(Number(process.env.N ?? 3000), Number(process.env.RATE ?? 30), 0);
console.log(JSON.stringify(r));
