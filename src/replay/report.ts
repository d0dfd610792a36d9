// What a replay run tells: a progress line per recording (with the diff of one that differs), TAP for
// CI systems that read it, and a JUnit XML file.
import type { FileResult } from './replay.ts';

const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

/** The progress line, and the diff below it when there is one. */
export function progressText(r: FileResult): string {
  const done = `(${r.steps} step${r.steps === 1 ? '' : 's'}, ${seconds(r.durationMs)})`;
  switch (r.outcome) {
    case 'passed':
      return `PASS    ${r.file} ${done}`;
    case 'state':
      return `state   ${r.file} ${done}: replayed as the start of later recordings`;
    case 'updated':
      return `UPDATED ${r.file} ${done}: rewritten with this run's output\n${r.diff}`;
    case 'failed':
      return [`FAIL    ${r.message}${r.home ? ` (its home is kept at ${r.home})` : ''}`, ...(r.diff ? [r.diff] : [])].join('\n');
  }
}

export function summaryLine(results: readonly FileResult[], elapsedMs: number): string {
  const count = (o: FileResult['outcome']): number => results.filter((r) => r.outcome === o).length;
  const files = results.filter((r) => r.outcome !== 'state').length;
  const parts = [`${count('passed')} passed`, ...(count('updated') ? [`${count('updated')} updated`] : []), `${count('failed')} failed`];
  return `${files} recording${files === 1 ? '' : 's'} in ${seconds(elapsedMs)}: ${parts.join(', ')}`;
}

/** One TAP line (and YAML block) per result; the plan comes last, when the count is known. */
export function tapLine(r: FileResult, n: number): string {
  if (r.outcome !== 'failed') {
    const note = r.outcome === 'state' ? ' # replayed as the start of later recordings' : r.outcome === 'updated' ? ' # updated' : '';
    return `ok ${n} - ${r.file}${note}`;
  }
  const block = ['  ---', `  message: ${JSON.stringify(r.message ?? '')}`];
  if (r.diff) block.push('  diff: |', ...r.diff.split('\n').map((l) => `    ${l}`));
  block.push('  ...');
  return [`not ok ${n} - ${r.file}`, ...block].join('\n');
}

const xmlText = (s: string): string =>
  s
    // XML 1.0 has no place for most control characters, escaped or not.
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');

export function junitXml(results: readonly FileResult[], elapsedMs: number): string {
  const failures = results.filter((r) => r.outcome === 'failed').length;
  const time = (ms: number): string => (ms / 1000).toFixed(3);
  const cases = results.map((r) => {
    const open = `    <testcase classname="recordings" name="${xmlText(r.file)}" time="${time(r.durationMs)}"`;
    if (r.outcome !== 'failed') return `${open}/>`;
    const body = [r.message ?? '', ...(r.diff ? [r.diff] : []), ...(r.home ? [`its home is kept at ${r.home}`] : [])].join('\n');
    return `${open}>\n      <failure message="${xmlText(r.message ?? 'failed')}" type="mismatch">${xmlText(body)}</failure>\n    </testcase>`;
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="azcloudhsm_emu replay" tests="${results.length}" failures="${failures}" time="${time(elapsedMs)}">`,
    `  <testsuite name="recordings" tests="${results.length}" failures="${failures}" errors="0" skipped="0" time="${time(elapsedMs)}">`,
    ...cases,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}
