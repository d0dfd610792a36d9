// `azcloudhsm_emu record`: a session recorded through a pipe, and one recorded in a real terminal (the
// Ink TUI, in tmux), each replay green on a fresh home without edits; a password typed at a hidden
// prompt is written as a secret and replays from --secret.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import test from 'ava';
import { emu, scratchWithStates } from './helpers/replay.ts';
import { TmuxSession, tmuxAvailable } from './helpers/tmux.ts';
import { ROOT, tempHome } from './helpers/tools.ts';

const withTmux = tmuxAvailable() ? test : test.skip;

test('a line-mode session recorded with record replays green; its hidden password needs --secret', async (t) => {
  const dir = tempHome('azhsm-record-');
  const home = join(tempHome('azhsm-record-home-'), 'home');
  const file = join(dir, 'csr.md');
  // Any program records by its output: here the emulator's own init, which makes the home.
  const init = await emu(['record', file, '--home', home, '--', 'azcloudhsm_emu', 'init'], { cwd: dir });
  t.is(init.status, 0, init.stderr);
  const input = ['getClusterInfo', 'server 0', 'loginHSM PRECO admin -hpswd', 'tenantadmin', 'getCertReq ../cert/P1.csr', 'exit', 'quit'].join('\n') + '\n';
  const recorded = await emu(['record', file, '--home', home, '--', './azcloudhsm_mgmt_util', './azcloudhsm_resource.cfg'], { cwd: join(home, 'bin'), input });
  t.is(recorded.status, 0, recorded.stderr);
  t.regex(recorded.stderr, /^Recorded `\.\/azcloudhsm_mgmt_util \.\/azcloudhsm_resource\.cfg` into \S+csr\.md \(\d+ lines\)\.$/m);
  // The tool's own output went to the terminal as usual.
  t.true(recorded.stdout.includes('server0>getCertReq ../cert/P1.csr\ngetCertReq success\n'), recorded.stdout);

  const text = readFileSync(file, 'utf8');
  t.true(
    text.startsWith(
      '---\ntitle: csr\n---\n\n```console\n$ azcloudhsm_emu init\nCreated emulator home {{home}}\nCloud HSM {{resource}}; run the tools from {{home}}/bin\n' +
        '$ cd {{home}}/bin\n$ ./azcloudhsm_mgmt_util ./azcloudhsm_resource.cfg\nLiquidsec MGMT Util Version',
    ),
    text,
  );
  t.true(text.includes('\nserver0>loginHSM PRECO admin -hpswd\nEnter password:{{secret:admin}}\nloginHSM success\n'), text);
  t.false(text.includes('tenantadmin'), 'the password is never written in clear');
  t.true(text.includes('hsm1.{{resource}}.cloudhsm.azure.net'), 'the resource name is a capture');
  t.true(text.includes('{{home}}/cert/PO.crt,'), 'the home is {{home}}');
  t.true(text.endsWith('cloudmgmt>quit\ndisconnecting from servers, please wait...\n```\n'), text);

  const green = await emu(['replay', 'csr.md', '--secret', 'admin=tenantadmin'], { cwd: dir });
  t.is(green.status, 0, green.stdout);
  const noSecret = await emu(['replay', 'csr.md'], { cwd: dir });
  t.is(noSecret.status, 1);
  t.regex(noSecret.stdout, /^FAIL {4}csr\.md:\d+: no value for \{\{secret:admin\}\}: pass --secret admin=VALUE or set AZCLOUDHSM_EMU_SECRET_ADMIN/m);
  const fromEnv = await emu(['replay', 'csr.md'], { cwd: dir, env: { AZCLOUDHSM_EMU_SECRET_ADMIN: 'tenantadmin' } });
  t.is(fromEnv.status, 0, fromEnv.stdout);

  // A second recording into the same file goes into its fence, with a cd to where it ran.
  const more = await emu(['record', file, '--home', home, '--', 'openssl', 'req', '-in', 'P1.csr', '-noout', '-subject'], { cwd: join(home, 'cert') });
  t.is(more.status, 0, more.stderr);
  const grown = readFileSync(file, 'utf8');
  t.regex(grown, /disconnecting from servers, please wait\.\.\.\n\$ cd \{\{home\}\}\/cert\n\$ openssl req -in P1\.csr -noout -subject\nsubject=C = US \+ ST = CA \+ O = Cavium \+ OU = N3FIPS \+ L = SanJose, CN = "HSM:\{\{partition_serial\}\}:PARTN:22, for non-FIPS mode"\n```\n$/);
  const again = await emu(['replay', 'csr.md', '--secret', 'admin=tenantadmin'], { cwd: dir });
  t.is(again.status, 0, again.stdout);
});

withTmux('a TUI session of azcloudhsm_util recorded in tmux replays green, with the client daemon step added', async (t) => {
  const dir = scratchWithStates();
  const home = join(tempHome('azhsm-record-home-'), 'home');
  const term = new TmuxSession({
    command: [process.execPath, join(ROOT, 'dist', 'azcloudhsm_emu.js'), 'record', 'tui.md', '--after', 'owned', '--home', home, '--', 'azcloudhsm_util'],
    // CI=false: under CI=true Ink draws only its last frame.
    env: { CI: 'false', TERM: 'xterm-256color' },
    cwd: dir,
  });
  t.teardown(() => term.kill());
  await term.waitFor(/^Command: *$/m, 30_000);
  term.type('loginHSM -u CU -s cu1 -p user1234');
  term.press('Enter');
  await term.waitFor('Cfm3LoginHSM returned: 0x00');
  term.type('genSymKey -t 31 -s 16 -l tuikey');
  term.press('Enter');
  await term.waitFor(/Symmetric Key Created\. {2}Key Handle: \d+/);
  term.type('findKey -l tuikey');
  term.press('Enter');
  await term.waitFor(/Handles of matching keys:/);
  term.type('exit');
  term.press('Enter');
  t.is(await term.waitForExit(20_000), 0);
  t.regex(term.screen(), /Recorded `azcloudhsm_util` into tui\.md/);

  const file = readFileSync(join(dir, 'tui.md'), 'utf8');
  t.true(file.startsWith('---\ntitle: tui\nafter: owned\n---\n\n```console\n$ azcloudhsm_client > /dev/null 2>&1 &\n$ azcloudhsm_util\nVersion info'), file);
  t.true(file.includes('\nCommand:  genSymKey -t 31 -s 16 -l tuikey\n\nCfm3GenerateSymmetricKey returned: 0x00 : HSM Return: SUCCESS\n'), file);
  t.false(/\x1b\[/.test(file), 'no screen frames, no escape sequences');
  t.true(file.endsWith('Command:  exit\n```\n'), file);
  const green = await emu(['replay', 'tui.md'], { cwd: dir });
  t.is(green.status, 0, green.stdout);
});
