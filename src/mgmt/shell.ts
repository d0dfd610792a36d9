// azcloudhsm_mgmt_util's front end: scopes (cloudmgmt> / serverN>), the login session, confirmations,
// files, and the real tool's text. Line mode and the Ink TUI both drive it through a Console.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { mgmtCommandHelp, mgmtHelpList, mgmtUsage } from '../../grammar/help.ts';
import { mgmtGrammar } from '../../grammar/mgmt_util/index.ts';
import { keyClasses, keyTypes } from '../../emulator/domain/key-types.ts';
import { checkValue, lookupCommand, parseLine } from '../../grammar/parse.ts';
import type { ParsedCommand } from '../../grammar/spec.ts';
import type { Cluster } from '../../emulator/cluster.ts';
import type { CertData } from '../../emulator/decide/certs.ts';
import type { CoreCommand, Decision, Login, RunOptions, ScopeRef, Session } from '../../emulator/decide/common.ts';
import type { ChallengeData } from '../../emulator/decide/users.ts';
import { serverAddresses, type ServerAddress } from '../../emulator/model.ts';
import type { Console } from '../console.ts';
import type { LiveValues } from '../../grammar/complete.ts';
import type { NodeStatus, StatusView, ToolShell } from '../shell.ts';
import { lagOf } from '../../emulator/evolve.ts';
import { readInput, writeOutput } from '../files.ts';
import type { HomePaths } from '../home.ts';
import { connectServer, connectToCluster, type ServerConnection } from './connect.ts';
import * as render from './render.ts';

export const CAUTION_BANNER = [
  '*************************CAUTION********************************',
  'This is a CRITICAL operation, should be done on all nodes in the',
  'cluster. Cav server does NOT synchronize these changes with the',
  'nodes on which this operation is not executed or failed, please',
  'ensure this operation is executed on all nodes in the cluster.',
  '****************************************************************',
  '',
];

export interface MgmtShellOptions {
  readonly paths: HomePaths;
  readonly cluster: Cluster;
  readonly console: Console;
  /** The hostname of azcloudhsm_resource.cfg: the server the tool bootstraps from. */
  readonly cfgHostname?: string;
}

export class MgmtShell implements ToolShell {
  readonly grammar = mgmtGrammar;
  currentScope: ScopeRef = { kind: 'global' };
  login: Login | undefined;
  connections: ServerConnection[] = [];
  /** Commands that failed (usage errors, HSM errors): line mode exits non-zero when any did. */
  failures = 0;
  private readonly out: Console;

  constructor(private readonly opts: MgmtShellOptions) {
    this.out = opts.console;
  }

  get cluster(): Cluster {
    return this.opts.cluster;
  }

  /** Connects to the cluster, printing the start-up banner and connection lines. */
  start(): void {
    this.cluster.sync();
    const result = connectToCluster(this.cluster.state, this.opts.paths.ownerCert, this.opts.cfgHostname);
    this.connections = [...result.servers];
    this.print(result.lines);
  }

  prompt(): string {
    return this.currentScope.kind === 'global' ? 'cloudmgmt>' : `server${this.currentScope.server}>`;
  }

  scope(): 'global' | 'server' {
    return this.currentScope.kind;
  }

  onReplayProgress(listener: (p: { server: number; done: number; total: number }) => void): () => void {
    return this.cluster.onReplayProgress(listener);
  }

  /** Users of the first connected server (or server N in server mode), for completion. */
  live(): LiveValues {
    const scoped = this.currentScope.kind === 'server' ? this.currentScope.server : this.session().connected[0];
    const users = scoped === undefined ? [] : (this.cluster.state.nodes[scoped]?.partition?.users ?? []);
    return {
      users: users.map((u) => ({ id: u.id, name: u.name, type: u.type })),
      keys: Object.values(scoped === undefined ? {} : (this.cluster.state.nodes[scoped]?.partition?.keys ?? {})).map((k) => ({
        handle: k.handle,
        label: k.label,
        keyType: keyTypes.entries.find((e) => e.code === k.keyType)?.name ?? String(k.keyType),
        keyClass: keyClasses.entries.find((e) => e.code === k.keyClass)?.name ?? String(k.keyClass),
      })),
      servers: this.connections.map((c) => c.address.server),
    };
  }

  status(): StatusView {
    const state = this.cluster.state;
    const nodes: NodeStatus[] = this.connections.map((c) => {
      const server = c.address.server;
      const node = state.nodes[server]!;
      if (!node.activated) return { server, state: 'not activated' };
      if (!node.up) return { server, state: 'down' };
      const lag = lagOf(state, server);
      if (lag > 0) return { server, state: 'lagging', lag };
      return { server, state: c.connected ? 'connected' : 'not connected' };
    });
    const connected = this.connections.filter((c) => c.connected);
    return {
      scope: this.prompt().slice(0, -1),
      ...(this.login ? { login: { name: this.login.name, type: this.login.type } } : {}),
      nodes,
      e2e: connected.length > 0 && connected.every((c) => c.mode === 'e2e'),
    };
  }

  session(): Session {
    return {
      scope: this.currentScope,
      connected: this.connections.filter((c) => c.connected).map((c) => c.address.server),
      ...(this.login ? { login: this.login } : {}),
    };
  }

  addresses(): ServerAddress[] {
    return serverAddresses(this.cluster.state.identity?.resourceName ?? 'unknown');
  }

  private print(lines: readonly string[] | string): void {
    for (const l of typeof lines === 'string' ? [lines] : lines) this.out.print(l);
  }

  private failed(lines: readonly string[] | string): void {
    this.failures++;
    this.print(lines);
  }

  private renderContext(): render.RenderContext {
    return { scope: this.currentScope, addresses: this.addresses() };
  }

  /** Handles one command line; false when the tool should end (quit). */
  async handle(line: string): Promise<boolean> {
    const parsed = parseLine(mgmtGrammar, line, this.currentScope.kind);
    switch (parsed.kind) {
      case 'empty':
        return true;
      case 'unknown':
        this.failed([
          `Invalid command: ${parsed.word}`,
          ...(parsed.suggestions.length > 0 ? [`Did you mean: ${parsed.suggestions.join(', ')}`] : []),
          "Type 'help' to list the commands.",
        ]);
        return true;
      case 'ambiguous':
        this.failed(`Ambiguous command: ${parsed.word} (${parsed.candidates.join(', ')})`);
        return true;
      case 'wrongScope':
        this.failed(
          parsed.scope === 'global'
            ? `${parsed.spec.name}: runs in server mode only; enter 'server <server id>' first`
            : `${parsed.spec.name}: runs at the cloudmgmt> prompt only; type 'exit' first`,
        );
        return true;
      case 'help':
        this.print(mgmtCommandHelp(parsed.spec));
        return true;
      case 'usage':
        this.failed(mgmtUsage(parsed.spec, parsed.message));
        return true;
      case 'command':
        return this.runCommand(parsed.command);
    }
  }

  private async runCommand(cmd: ParsedCommand): Promise<boolean> {
    const spec = cmd.spec;
    switch (cmd.name) {
      case 'help':
        this.help(cmd.args.command as string | undefined);
        return true;
      case 'quit':
        this.print('disconnecting from servers, please wait...');
        return false;
      case 'exit':
        this.currentScope = { kind: 'global' };
        return true;
      case 'server':
        this.enterServer(cmd.args.serverId as number);
        return true;
      case 'info':
        this.info(cmd.args.serverId as number);
        return true;
      case 'enable_e2e':
      case 'reconnect':
        this.reconnect(cmd.name);
        return true;
      case 'listAttributes':
        this.print(render.listAttributesLines());
        return true;
    }
    if (spec.notBuilt) {
      this.failed(`${spec.name}: not emulated (${spec.notBuilt}). Nothing was changed.`);
      return true;
    }
    const refusal = this.limitedModeRefusal(spec.name, spec.limitedMode === true);
    if (refusal) {
      this.failed(refusal);
      return true;
    }
    if (spec.critical && !(await this.confirm())) return true;
    const core = await this.resolveInputs(cmd);
    if (!core) return true;
    await this.execute(cmd, core);
    return true;
  }

  private help(name: string | undefined): void {
    if (!name) {
      this.print(mgmtHelpList(mgmtGrammar, this.currentScope.kind));
      return;
    }
    const found = lookupCommand(mgmtGrammar, name);
    if (found.kind === 'found' || found.kind === 'wrongScope') this.print(mgmtCommandHelp(found.spec));
    else this.failed(`Invalid command: ${name}`);
  }

  private enterServer(server: number): void {
    const c = this.connections[server];
    if (!c) {
      this.failed(`Invalid server id ${server}: the cluster has servers 0 to ${this.connections.length - 1}`);
      return;
    }
    if (!c.connected) {
      this.failed(`Server ${server}(${c.address.ip}) is not connected`);
      return;
    }
    this.print(c.mode === 'e2e' ? "Server is in 'E2E' mode..." : "Server is in 'Unencrypted' mode...");
    this.currentScope = { kind: 'server', server };
  }

  private info(server: number): void {
    const c = this.connections[server];
    if (!c) {
      this.failed(`Invalid server id ${server}`);
      return;
    }
    const l = this.login;
    const state = l && l.servers.includes(server) ? `Logged in as '${l.name}(${l.type})'` : 'Not logged in';
    this.print(render.infoLines(c.address, c.connected, state));
  }

  private reconnect(name: string): void {
    this.cluster.sync();
    const servers = this.currentScope.kind === 'global' ? this.connections.map((c) => c.address.server) : [this.currentScope.server];
    for (const s of servers) {
      const r = connectServer(this.cluster.state, this.addresses()[s]!, this.opts.paths.ownerCert);
      this.connections[s] = r.connection;
      if (name === 'reconnect') this.print(r.lines);
      else if (r.connection.connected && r.connection.mode === 'e2e') this.print(`E2E enabled on server ${s}(${r.connection.address.ip})`);
      else this.failed(`enable_e2e failed on server ${s}(${r.connection.address.ip})`);
    }
  }

  /** Before the partition is claimed (or without PO.crt), only a few commands work: "limited commands mode". */
  private limitedModeRefusal(name: string, allowed: boolean): string | undefined {
    if (allowed) return undefined;
    const servers = this.currentScope.kind === 'global' ? this.session().connected : [this.currentScope.server];
    const plain = servers.find((s) => this.connections[s]?.mode !== 'e2e');
    if (plain === undefined) return undefined;
    const node = this.cluster.state.nodes[plain];
    const claimed = node?.partition?.certs.poac !== undefined;
    const why = claimed
      ? `PO.crt is missing at ${this.opts.paths.ownerCert}`
      : 'the partition is not claimed yet: store PO.crt (type 4) and POAC.crt (type 8) first';
    return `${name}: not allowed in limited commands mode; Server ${plain}(${this.addresses()[plain]?.ip}) is in unencrypted mode (${why})`;
  }

  private async confirm(): Promise<boolean> {
    this.print(CAUTION_BANNER);
    for (;;) {
      const answer = await this.out.ask('Do you want to continue(y/n)?');
      if (answer === null) return false;
      const a = answer.trim().toLowerCase();
      if (a === 'y') return true;
      if (a === 'n') return false;
      this.print(["Invalid option, please type 'y' or 'n'", '']);
    }
  }

  /** Prompts for -hpswd values and reads input files; null when something is missing (already reported). */
  private async resolveInputs(cmd: ParsedCommand): Promise<CoreCommand | null> {
    const args: Record<string, string | number | boolean | readonly number[]> = { ...cmd.args };
    for (const name of cmd.prompted) {
      const spec = cmd.spec.args.find((a) => a.name === name)!;
      const first = await this.out.ask('Enter password:', { hidden: true });
      if (first === null) return null;
      if (spec.value.kind === 'password' && spec.value.minLength !== undefined) {
        const again = await this.out.ask('Re-enter password:', { hidden: true });
        if (again !== first) {
          this.failed('Passwords do not match');
          return null;
        }
      }
      const checked = checkValue(spec, first);
      if (!checked.ok) {
        this.failed(mgmtUsage(cmd.spec, checked.message));
        return null;
      }
      args[name] = checked.value;
    }
    if (cmd.name === 'unlockCO' && !existsSync(args.template as string)) {
      const sample = { 'Unlock CO signatures': Object.fromEntries(this.session().connected.map((s) => [`Node ${s}`, `../cert/challenge.sign${s}`])) };
      const error = writeOutput(args.template as string, JSON.stringify(sample, null, 2) + '\n');
      this.failed(error ? `unlockCO failed: ${error}` : `unlockCO: no template at ${String(args.template)}; a sample was written there: name each node's signature file and run unlockCO again`);
      return null;
    }
    const files: Record<string, Uint8Array> = {};
    for (const a of cmd.spec.args) {
      if (a.value.kind !== 'file' || a.value.mode !== 'read' || typeof args[a.name] !== 'string') continue;
      const path = args[a.name] as string;
      const read = readInput(path);
      if ('error' in read) {
        this.failed(`${cmd.name} failed: ${read.error}`);
        return null;
      }
      files[a.name] = read.bytes;
    }
    if (cmd.name === 'unlockCO') return this.resolveUnlockTemplate(args, files);
    return { name: cmd.name, args, files };
  }

  /** unlockCO's template names each server's signature file; a missing template gets a sample written. */
  private resolveUnlockTemplate(args: Record<string, string | number | boolean | readonly number[]>, files: Record<string, Uint8Array>): CoreCommand | null {
    let template: { 'Unlock CO signatures'?: Record<string, string> };
    try {
      template = JSON.parse(Buffer.from(files.template!).toString('utf8'));
    } catch {
      this.failed(`unlockCO failed: ${String(args.template)} is not a JSON template`);
      return null;
    }
    const signatures = template['Unlock CO signatures'] ?? {};
    const out: Record<string, Uint8Array> = {};
    for (const [node, path] of Object.entries(signatures)) {
      const m = /^Node (\d+)$/.exec(node);
      if (!m) continue;
      const read = readInput(path);
      if ('error' in read) {
        this.failed(`unlockCO failed: ${read.error}`);
        return null;
      }
      out[`node${m[1]}`] = read.bytes;
    }
    return { name: 'unlockCO', args, files: out };
  }

  private async execute(cmd: ParsedCommand, core: CoreCommand): Promise<void> {
    const ctx = this.renderContext();
    const global = this.currentScope.kind === 'global';
    const header = global ? render.fanOutHeader(cmd.name, cmd.args, this.session().connected.length) : undefined;
    if (header) this.print(header);
    let options: RunOptions = cmd.spec.retryPrompt ? { stopAtFirstFailure: true } : {};
    const output: string[] = [];
    for (;;) {
      const d = this.cluster.execute(core, this.session(), options);
      const lines = this.renderOutcome(cmd, d, ctx);
      output.push(...lines);
      this.print(lines);
      if (d.outcomes.some((o) => o.code !== 'SUCCESS')) this.failures++;
      this.applySession(cmd, d);
      if (d.stoppedAt === undefined) break;
      this.print('');
      const choice = await this.choose('Retry/Ignore/Abort?(R/I/A):', ['r', 'i', 'a']);
      if (choice === 'r') options = { servers: [d.stoppedAt, ...(d.remaining ?? [])], stopAtFirstFailure: true };
      else if (choice === 'i') options = { servers: d.remaining ?? [], stopAtFirstFailure: true };
      else break;
    }
    const outputFile = cmd.args.outputFile;
    if (typeof outputFile === 'string') this.writeOutput(cmd.name, outputFile, [header ?? '', ...output].filter(Boolean).join('\n') + '\n');
  }

  private async choose(prompt: string, options: readonly string[]): Promise<string | null> {
    for (;;) {
      const answer = await this.out.ask(prompt);
      if (answer === null) return null;
      const a = answer.trim().toLowerCase();
      if (options.includes(a)) return a;
      this.print(['Invalid option', '']);
    }
  }

  private renderOutcome(cmd: ParsedCommand, d: Decision, ctx: render.RenderContext): string[] {
    switch (cmd.name) {
      case 'listUsers':
        return render.listUsersLines(d, ctx);
      case 'getClusterInfo': {
        const notConnected = this.connections.filter((c) => !c.connected).map((c) => c.address.server);
        return render.clusterInfoLines(d, ctx, notConnected);
      }
      case 'getHSMInfo':
        return render.hsmInfoLines(d, ctx);
      case 'getPartitionInfo':
        return render.partitionInfoLines(d, ctx);
      case 'getUserInfo':
        return render.userInfoLines(d, ctx);
      case 'getUserDiffMap':
        return render.userDiffMapLines(d, ctx);
      case 'syncUser':
        return render.syncUserLines(d, ctx);
      case 'findAllKeys':
        return render.findAllKeysLines(d, ctx);
      case 'getKeyInfo':
        return render.keyInfoLines(d, ctx);
      case 'getAttribute':
        return render.attributeLines(d, ctx);
      case 'getKeyDiffMap':
        return render.keyDiffMapLines(d, ctx);
      case 'getCertReq':
      case 'getCert':
        return this.writeCertificate(cmd, d, ctx);
      case 'getChallenge':
        return this.writeChallenges(cmd, d, ctx);
      case 'storeCert': {
        const lines = render.resultLines('storeCert', d.outcomes, ctx);
        if ((d.data as { claimed?: boolean } | undefined)?.claimed) {
          const s = d.outcomes.find((o) => o.code === 'SUCCESS')!.server;
          lines.push('logging out', `E2E enabled on ${render.where(ctx, s)}`);
        }
        return lines;
      }
      default:
        return render.resultLines(cmd.name, d.outcomes, ctx);
    }
  }

  /** Session changes a command makes: login/logout, and E2E once storeCert 8 claims the partition. */
  private applySession(cmd: ParsedCommand, d: Decision): void {
    if (d.login === null) this.login = undefined;
    else if (d.login) this.login = d.login;
    if (cmd.name === 'storeCert' && (d.data as { claimed?: boolean } | undefined)?.claimed) {
      for (const o of d.outcomes) {
        const c = this.connections[o.server];
        if (o.code === 'SUCCESS' && c) this.connections[o.server] = { ...c, mode: 'e2e' };
      }
    }
  }

  private writeCertificate(cmd: ParsedCommand, d: Decision, ctx: render.RenderContext): string[] {
    const lines: string[] = [];
    const path = cmd.args.file as string;
    for (const o of d.outcomes) {
      if (o.code !== 'SUCCESS') {
        lines.push(...render.failureLines(cmd.name, o, ctx));
        continue;
      }
      const error = writeOutput(path, (o.data as CertData).pem);
      lines.push(...(error ? [`${cmd.name} failed: ${error}`] : render.resultLines(cmd.name, [o], ctx)));
      if (error) this.failures++;
    }
    return lines;
  }

  private writeChallenges(cmd: ParsedCommand, d: Decision, ctx: render.RenderContext): string[] {
    const lines: string[] = [];
    for (const o of d.outcomes) {
      if (o.code !== 'SUCCESS') {
        lines.push(...render.failureLines(cmd.name, o, ctx));
        continue;
      }
      const data = o.data as ChallengeData;
      const error =
        writeOutput(join(cmd.args.challengeDir as string, `challenge_node_${o.server}`), Buffer.from(data.challenge, 'base64')) ??
        writeOutput(join(cmd.args.signatureDir as string, `signature_node_${o.server}`), Buffer.from(data.hsmSignature, 'base64'));
      lines.push(...(error ? [`${cmd.name} failed: ${error}`] : render.resultLines(cmd.name, [o], ctx)));
    }
    return lines;
  }

  private writeOutput(name: string, path: string, text: string): void {
    const error = writeOutput(path, text);
    if (error) this.failed(`${name}: ${error}`);
  }
}
