// `azcloudhsm_emu replay` as a user runs it: diffs that name the file and line, line-numbered errors for
// sessions that go wrong and for malformed files, captures and wildcards across programs, --update
// round trips, JUnit XML and TAP.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import test from 'ava';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { emu, writeRecordings } from './helpers/replay.ts';
import { tempHome } from './helpers/tools.ts';

/** STEP 11's first session on a fresh home. */
const CSR = `---
title: the partition's CSR
---

\`\`\`console
$ azcloudhsm_emu init
Created emulator home {{home}}
Cloud HSM {{resource}}; run the tools from {{home}}/bin
$ cd bin
$ ./azcloudhsm_mgmt_util ./azcloudhsm_resource.cfg
...
cloudmgmt>server 0
Server is in 'Unencrypted' mode...
server0>getCertReq ../cert/P1.csr
getCertReq success
server0>exit
cloudmgmt>quit
disconnecting from servers, please wait...
\`\`\`
`;

const noStackTrace = (t: { false: (v: boolean, m?: string) => void }, text: string): void => t.false(/^\s+at .+:\d+:\d+\)?$/m.test(text), text);

test('a recording that matches passes; a changed expected line fails with a diff naming it', async (t) => {
  const dir = tempHome('azhsm-replay-');
  const [good] = writeRecordings(dir, { 'csr.md': CSR });
  const passed = await emu(['replay', 'csr.md'], { cwd: dir });
  t.is(passed.status, 0, passed.stdout);
  t.regex(passed.stdout, /^PASS {4}csr\.md \(3 steps, [\d.]+ s\)$/m);
  t.regex(passed.stdout, /^1 recording in [\d.]+ s: 1 passed, 0 failed$/m);

  writeFileSync(good!, CSR.replace('getCertReq success', 'getCertReq succeeded'));
  const failed = await emu(['replay', 'csr.md'], { cwd: dir });
  t.is(failed.status, 1);
  t.regex(failed.stdout, /^FAIL {4}csr\.md:15: the output differs from the recording \(its home is kept at \S+\)$/m);
  t.true(failed.stdout.includes('--- csr.md:15 (expected)\n+++ csr.md:15 (actual)\n'), failed.stdout);
  t.regex(failed.stdout, /^@@ -12,7 \+12,7 @@ \$ \.\/azcloudhsm_mgmt_util \.\/azcloudhsm_resource\.cfg$/m);
  t.true(failed.stdout.includes('\n server0>getCertReq ../cert/P1.csr\n-getCertReq succeeded\n+getCertReq success\n server0>exit\n'), failed.stdout);
  noStackTrace(t, failed.stdout + failed.stderr);
});

test('a session that goes another way, a silent program and a wrong exit status are reported at their lines', async (t) => {
  const dir = tempHome('azhsm-replay-');
  writeRecordings(dir, {
    // The recording forgot the password -hpswd asks for.
    'question.md': CSR.replace('server0>exit\n', 'server0>loginHSM PRECO admin -hpswd\nserver0>exit\n'),
    // It expects a question where the tool shows its prompt.
    'prompt.md': CSR.replace('server0>exit\n', 'Do you want to continue(y/n)?y\n'),
    'status.md': '```console\n$ echo done; exit 3\ndone\n```\n',
    // It types a command at server0> while the tool is still at cloudmgmt>: a difference on that line.
    'scope.md': CSR.replace("cloudmgmt>server 0\nServer is in 'Unencrypted' mode...\n", ''),
    'silent.md': '```console\n$ sleep 5\n```\n',
  });
  const r = await emu(['replay', 'question.md', 'prompt.md', 'status.md', 'scope.md'], { cwd: dir });
  t.is(r.status, 1);
  t.regex(r.stdout, /^FAIL {4}question\.md:17: the tool asks 'Enter password:' where this line expects a command prompt/m);
  t.regex(r.stdout, /^FAIL {4}prompt\.md:16: the tool asks 'server0>' where this line expects 'Do you want to continue\(y\/n\)\?'/m);
  t.regex(r.stdout, /^FAIL {4}status\.md:4: the output differs/m);
  t.true(r.stdout.includes(' done\n+[3]\n'), r.stdout);
  t.regex(r.stdout, /^FAIL {4}scope\.md:12: the output differs/m);
  t.true(r.stdout.includes('\n-server0>getCertReq ../cert/P1.csr\n-getCertReq success\n-server0>exit\n+cloudmgmt>getCertReq ../cert/P1.csr\n'), r.stdout);
  noStackTrace(t, r.stdout + r.stderr);
  const silent = await emu(['replay', 'silent.md', '--timeout', '1'], { cwd: dir });
  t.regex(silent.stdout, /^FAIL {4}silent\.md:2: still running after 1 s without output: stopped/m);
});

test('malformed recordings get file:line errors and nothing runs', async (t) => {
  const dir = tempHome('azhsm-replay-');
  writeRecordings(dir, {
    'unclosed.md': '# prose\n\n```console\n$ echo hi\nhi\n',
    'key.md': '---\ntitle: x\nauthor: me\n---\n',
    'frontmatter.md': '---\ntitle: x\n',
    'unknown-after.md': '---\nafter: nowhere\n---\n',
    'loop-a.md': '---\nafter: loop-b\n---\n',
    'loop-b.md': '---\nafter: loop-a\n---\n',
    'output-first.md': '```console\nhi\n$ echo hi\n```\n',
    'hidden.md': '```console\n$ azcloudhsm_mgmt_util\ncloudmgmt>loginHSM CO admin -hpswd\nEnter password:\n```\n',
    'cd.md': '```console\n$ cd bin\nsomething\n```\n',
    'empty-step.md': '```console\n$\n```\n',
  });
  const files = ['unclosed.md', 'key.md', 'frontmatter.md', 'unknown-after.md', 'loop-a.md', 'output-first.md', 'hidden.md', 'cd.md', 'empty-step.md', 'missing.md'];
  const r = await emu(['replay', ...files], { cwd: dir });
  t.is(r.status, 1);
  const expected = [
    'unclosed.md:3: the code fence opened here is not closed (a line ````` ends it)',
    "key.md:3: unknown front matter key 'author' (known: title, after)",
    'frontmatter.md:1: the front matter opened here is not closed (a line `---` ends it)',
    'unknown-after.md:2: after: nowhere: there is no nowhere.md next to this recording',
    'loop-a.md:2: starts after loop-b.md, which is unusable: loop-b.md:2: after: loop-a: the after chain loops (loop-a.md -> loop-b.md -> loop-a.md)',
    'output-first.md:2: output before any `$ <command>` step in this console fence (a step starts with `$ `, or the fence continues the session of the fence before it with a prompt line)',
    "hidden.md:4: 'Enter password:' does not echo what is typed: write the answer after it as a secret, e.g. 'Enter password:{{secret:cu1}}', and give its value with --secret cu1=VALUE",
    '`cd` prints nothing here: its step has no output lines',
    'empty-step.md:2: a `$` line needs a command after it',
    'missing.md: cannot read: no such file',
  ];
  for (const e of expected) t.true(r.stdout.includes(e), `${e}\n---\n${r.stdout}`);
  t.regex(r.stdout, /^FAIL {4}cd\.md:3: /m);
  t.regex(r.stdout, /^10 recordings in [\d.]+ s: 0 passed, 10 failed$/m);
  noStackTrace(t, r.stdout + r.stderr);
  const usage = await emu(['replay'], { cwd: dir });
  t.is(usage.status, 2);
  t.regex(usage.stderr, /^azcloudhsm_emu replay: name at least one recording\nUsage: azcloudhsm_emu replay FILE\.\.\./);
});

test('captures bind in one program and hold in the next: session output, inputs, shell commands', async (t) => {
  const dir = tempHome('azhsm-replay-');
  const body = `\`\`\`console
$ cd {{home}}
$ azcloudhsm_mgmt_util
...
cloudmgmt>getClusterInfo
[..]
Cluster info from server 0([..]):
Node Id         Hostname                              Port
1               {{host1}}             2225
...
cloudmgmt>quit
[..]
$ echo {{host1}} | cut -d. -f1,2
hsm1.{{resource}}
$ cd bin
$ ./azcloudhsm_mgmt_util ./azcloudhsm_resource.cfg
...
cloudmgmt>server 0
Server is in 'Unencrypted' mode...
server0>getCertReq ../cert/{{host1}}.csr
getCertReq success
server0>exit
cloudmgmt>quit
...
$ ls ../cert
{{host1}}.csr
$ echo hsm1.{{resource}}.cloudhsm.azure.net
{{host1}}
\`\`\`
`;
  writeRecordings(dir, { 'across.md': body, 'unequal.md': body.replace('$ echo hsm1.{{resource}}.cloudhsm.azure.net', '$ echo hsm2.{{resource}}.cloudhsm.azure.net') });
  const r = await emu(['replay', 'across.md', 'unequal.md'], { cwd: dir });
  t.regex(r.stdout, /^PASS {4}across\.md /m, r.stdout);
  t.regex(r.stdout, /^FAIL {4}unequal\.md:28: the output differs/m);
  t.true(r.stdout.includes('-{{host1}}\n+hsm2.{{resource}}.cloudhsm.azure.net\n'), r.stdout);
  t.is(r.status, 1);
});

test('--update rewrites what differs and keeps prose, wildcards and captures; the file then replays green', async (t) => {
  const dir = tempHome('azhsm-replay-');
  const stale = `---
title: stale
---

Prose stays as it is.

\`\`\`console
$ printf 'handle 262150 is new\\nsecond line\\n'
handle {{h}} is old
$ echo {{h}}
262150
$ azcloudhsm_emu init
Created emulator home {{home}}
Cloud HSM {{resource}}; run the tools from {{home}}/elsewhere
$ cd bin
$ ./azcloudhsm_mgmt_util ./azcloudhsm_resource.cfg
...
cloudmgmt>getClusterInfo
[..]
Cluster info from server 0(10.0.2.4):
Node Id         Hostname                              Port
1               hsm1.{{resource}}.cloudhsm.azure.net             9999
...
cloudmgmt>quit
a stale line
\`\`\`

More prose.
`;
  const [file] = writeRecordings(dir, { 'stale.md': stale });
  const updated = await emu(['replay', '--update', 'stale.md'], { cwd: dir });
  t.is(updated.status, 0, updated.stdout);
  t.regex(updated.stdout, /^UPDATED stale\.md /m);
  t.regex(updated.stdout, /^1 recording in [\d.]+ s: 0 passed, 1 updated, 0 failed$/m);
  const text = readFileSync(file!, 'utf8');
  t.is(
    text,
    stale
      .replace('handle {{h}} is old', 'handle {{h}} is new\nsecond line')
      .replace('{{home}}/elsewhere', '{{home}}/bin')
      .replace('             9999', '             2225')
      .replace('a stale line', 'disconnecting from servers, please wait...'),
  );
  const again = await emu(['replay', 'stale.md'], { cwd: dir });
  t.is(again.status, 0, again.stdout);
  t.regex(again.stdout, /^PASS {4}stale\.md /m);
});

test('--junit writes JUnit XML a parser accepts; --tap prints TAP', async (t) => {
  const dir = tempHome('azhsm-replay-');
  writeRecordings(dir, {
    'pass.md': '```console\n$ echo hi\nhi\n```\n',
    'fail.md': '```console\n$ echo "<hi & bye>"\n<ho & bye>\n```\n',
    'bad.md': '```console\nhi\n```\n',
  });
  const junit = join(dir, 'report.xml');
  const r = await emu(['replay', 'pass.md', 'fail.md', 'bad.md', '--junit', junit, '--jobs', '1'], { cwd: dir });
  t.is(r.status, 1);
  const xml = readFileSync(junit, 'utf8');
  t.is(XMLValidator.validate(xml), true);
  const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(xml) as {
    testsuites: { tests: string; failures: string; testsuite: { testcase: { name: string; failure?: { message: string; '#text': string } }[] } };
  };
  t.is(doc.testsuites.tests, '3');
  t.is(doc.testsuites.failures, '2');
  const cases = Object.fromEntries(doc.testsuites.testsuite.testcase.map((c) => [c.name, c]));
  t.is(cases['pass.md']!.failure, undefined);
  t.is(cases['fail.md']!.failure!.message, 'fail.md:3: the output differs from the recording');
  t.true(cases['fail.md']!.failure!['#text'].includes('-<ho & bye>\n+<hi & bye>'));
  t.regex(cases['bad.md']!.failure!.message, /^bad\.md:2: output before any/);

  const tap = await emu(['replay', 'pass.md', 'fail.md', '--tap', '--jobs', '1'], { cwd: dir });
  t.is(tap.status, 1);
  t.regex(tap.stdout, /^TAP version 13\nok 1 - pass\.md\nnot ok 2 - fail\.md\n {2}---\n {2}message: "fail\.md:3: the output differs from the recording"\n {2}diff: \|\n/);
  t.regex(tap.stdout, /\n {2}\.\.\.\n1\.\.2\n$/);
});

test('--home runs the files in order on one home, building an after: state into it first', async (t) => {
  const dir = tempHome('azhsm-replay-');
  writeRecordings(dir, {
    'made.md': '```console\n$ azcloudhsm_emu init\nCreated emulator home {{home}}\n[..]\n$ echo first > {{home}}/note\n```\n',
    'next.md': '---\nafter: made\n---\n```console\n$ cat note\nfirst\n$ echo second >> note\n```\n',
    'last.md': '---\nafter: made\n---\n```console\n$ cat note\nfirst\nsecond\n```\n',
  });
  const home = join(tempHome('azhsm-replay-home-'), 'home');
  const r = await emu(['replay', '--home', home, 'next.md', 'last.md'], { cwd: dir });
  t.is(r.status, 0, r.stdout);
  t.regex(r.stdout, /^state {3}made\.md \(2 steps, [\d.]+ s\): replayed as the start of later recordings\nPASS {4}next\.md .*\nPASS {4}last\.md /m);
  t.is(readFileSync(join(home, '.replayed'), 'utf8'), 'made\nnext\nlast\n');
  // A home that is neither empty nor made by a replay is refused.
  const other = tempHome('azhsm-replay-home-');
  writeFileSync(join(other, 'something'), '');
  const refused = await emu(['replay', '--home', other, 'made.md'], { cwd: dir });
  t.is(refused.status, 1);
  t.regex(refused.stdout, /^FAIL {4}made\.md: --home \S+ is neither empty nor made by an earlier replay$/m);
});
