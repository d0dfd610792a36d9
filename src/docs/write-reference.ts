// `npm run reference`: writes docs/commands.md from the grammar and the registries, then replays its
// examples with --update so their output is what the emulator prints now. Run it after changing a
// command's spec, its registry entry or the example scenario (test/reference.test.ts says when).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { packageRoot } from '../home.ts';
import { replayFiles } from '../replay/replay.ts';
import { progressText } from '../replay/report.ts';
import { exampleBodies, REFERENCE_PATH, referenceMarkdown } from './reference.ts';

const path = join(packageRoot(), REFERENCE_PATH);
mkdirSync(dirname(path), { recursive: true });
const bodies = existsSync(path) ? exampleBodies(readFileSync(path, 'utf8')) : new Map<string, string[]>();
writeFileSync(path, referenceMarkdown(bodies));
const results = await replayFiles({ files: [path], secret: () => undefined, update: true, timeoutMs: 30_000, jobs: 1 });
for (const r of results) process.stdout.write(progressText(r) + '\n');
process.exitCode = results.some((r) => r.outcome === 'failed') ? 1 : 0;
