// The README as a newcomer follows it: its quick tour (between the `tour` markers) runs as written, top
// to bottom, on a fresh home. recordings/README-tour.md is that run (every recording replays green in
// recordings.test.ts); this test keeps the two in step: the same commands and session inputs, in order.
import test from 'ava';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseRecording } from '../src/replay/format.ts';
import { type SessionTool, splitPromptLine } from '../src/prompts.ts';
import { ROOT } from './helpers/tools.ts';

/** A step of the tour: a shell command, or an input typed at a session's prompt (`cloudmgmt>server 0`, `Do you want to continue(y/n)?y`). */
type TourStep = string;

const SESSION_TOOLS: readonly SessionTool[] = ['azcloudhsm_mgmt_util', 'azcloudhsm_util'];

function sessionTool(command: string): SessionTool | undefined {
  const program = command.split(/\s+/)[0]?.split('/').pop();
  return SESSION_TOOLS.find((t) => t === program && !command.includes(' singlecmd '));
}

const withoutComment = (line: string): string => line.replace(/\s+#\s.*$/, '').trimEnd();

/**
 * The README's tour: commands of its `sh` blocks, and the inputs of its transcript blocks. The two
 * spellings a replay writes differently are normalised: `npx <program>` (the README runs it from the
 * checkout) and `~/.azcloudhsm-emu` (the default home; a replay's home is `{{home}}`).
 */
function readmeTour(readme: string): TourStep[] {
  const start = readme.indexOf('<!-- tour: start -->');
  const end = readme.indexOf('<!-- tour: end -->');
  if (start < 0 || end < start) throw new Error('the README has no tour markers');
  const steps: TourStep[] = [];
  let tool: SessionTool | undefined;
  for (const fence of readme.slice(start, end).matchAll(/^```(\w*)\n([\s\S]*?)^```$/gm)) {
    const [, lang, body] = fence;
    for (const raw of body!.split('\n')) {
      const line = withoutComment(raw);
      if (line === '') continue;
      if (lang === 'sh') {
        const command = line.replace(/^npx /, '').replaceAll('~/.azcloudhsm-emu', '{{home}}');
        steps.push(command);
        tool = sessionTool(command) ?? tool;
      } else {
        const input = tool && splitPromptLine(tool, line);
        if (!input) throw new Error(`a transcript line of the tour is no prompt of ${tool ?? 'a session'}: ${line}`);
        steps.push(input.prompt + input.typed);
      }
    }
  }
  return steps;
}

/** The recording's steps in the same form. */
function recordingTour(text: string): TourStep[] {
  return parseRecording(text).steps.flatMap((step) => {
    const command = step.kind === 'cd' ? `cd ${step.dir}` : step.command;
    if (step.kind !== 'session') return [command];
    return [command, ...step.items.flatMap((i) => (i.kind === 'input' && !i.endOfInput ? [i.prompt + i.typed] : []))];
  });
}

const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');

test('recordings/README-tour.md runs the README tour: the same commands and inputs, in order', (t) => {
  const tour = readmeTour(readme);
  t.true(tour.length > 40, `the tour has ${tour.length} steps`);
  t.deepEqual(recordingTour(readFileSync(join(ROOT, 'recordings', 'README-tour.md'), 'utf8')), tour);
});

test('the README tour uses npx only before it leaves the checkout (npx finds the programs only there)', (t) => {
  const raw = readme.slice(readme.indexOf('<!-- tour: start -->'), readme.indexOf('<!-- tour: end -->'));
  const commands = [...raw.matchAll(/^```sh\n([\s\S]*?)^```$/gm)].flatMap((m) => m[1]!.split('\n').map(withoutComment).filter(Boolean));
  const firstCd = commands.findIndex((c) => c.startsWith('cd '));
  t.true(firstCd > 0);
  t.deepEqual(commands.slice(firstCd).filter((c) => /(^|\s)npx\s/.test(c)), []);
});

test('the check sees a drift: a command changed in the README is a difference', (t) => {
  const drifted = readmeTour(readme.replace('server0>getCertReq ../cert/P1.csr', 'server0>getCertReq ../cert/P2.csr'));
  t.notDeepEqual(recordingTour(readFileSync(join(ROOT, 'recordings', 'README-tour.md'), 'utf8')), drifted);
});
