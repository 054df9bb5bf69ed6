// A stand-in for the platform's share-release API (notes/opening-contract.md) that does whatever the
// test says, including what the real server must never do (answer before the opening time), so the
// agent's own refusals can be seen. It records every request.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CustodianTender, WrappedShares } from '../../cli/custodian/protocol.js';

export interface FakeRequest {
  method: string;
  path: string;
  authorization?: string;
  body?: unknown;
}

export class FakeOpeningServer {
  readonly requests: FakeRequest[] = [];
  tenders: CustodianTender[] = [];
  readonly wrapped = new Map<string, WrappedShares>();
  readonly posted: { tenderId: string; shares: { bidId: string; version: number; share: string }[] }[] = [];
  /** Signed share reports received (cli/custodian/report.ts). */
  readonly reports: { tenderId: string; reports: { bidId: string; reason: string; signature: string }[] }[] =
    [];
  /** Connections to drop before answering (network failures). */
  dropNext = 0;
  /** Answer wrapped-shares with 409 OPENING_NOT_STARTED (a server whose clock is behind). */
  notStarted = false;
  validTokens = new Set(['good-token']);
  readonly passwords = new Map([['custodian1', 'pw-custodian1']]);
  baseUrl = '';
  private server: Server | undefined;

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      void this.handle(req).then(
        (answer) => {
          if (answer === 'drop') return void req.socket.destroy();
          res.writeHead(answer.status, { 'content-type': 'application/json' });
          res.end(JSON.stringify(answer.body));
        },
        () => res.writeHead(500).end(),
      );
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.baseUrl = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  count(pathPart: string): number {
    return this.requests.filter((r) => r.path.includes(pathPart)).length;
  }

  private async handle(req: IncomingMessage): Promise<{ status: number; body: unknown } | 'drop'> {
    let text = '';
    for await (const chunk of req) text += String(chunk);
    const path = (req.url ?? '').replace(/^\/api\/v1/, '');
    const body = text ? (JSON.parse(text) as unknown) : undefined;
    this.requests.push({ method: req.method ?? '', path, authorization: req.headers.authorization, body });
    if (this.dropNext > 0) {
      this.dropNext--;
      return 'drop';
    }
    if (path === '/auth/login') {
      const { username, password } = body as { username: string; password: string };
      if (this.passwords.get(username) !== password) return refusal(401, 'INVALID_CREDENTIALS');
      const token = `token-${this.validTokens.size}`;
      this.validTokens.add(token);
      return { status: 200, body: { token } };
    }
    const token = (req.headers.authorization ?? '').replace(/^Bearer /, '');
    if (!this.validTokens.has(token)) return refusal(401, 'UNAUTHENTICATED');
    if (path === '/openings/custodian') return { status: 200, body: { items: this.tenders } };
    const m = /^\/tenders\/([^/]+)\/opening\/(wrapped-shares|shares|share-reports)$/.exec(path);
    if (!m) return refusal(404, 'NOT_FOUND');
    const tenderId = decodeURIComponent(m[1]!);
    if (this.notStarted) return refusal(409, 'OPENING_NOT_STARTED');
    if (m[2] === 'wrapped-shares') {
      const wrapped = this.wrapped.get(tenderId);
      return wrapped ? { status: 200, body: wrapped } : refusal(404, 'NOT_FOUND');
    }
    if (m[2] === 'share-reports') {
      const reports = (body as FakeOpeningServer['reports'][number]).reports;
      this.reports.push({ tenderId, reports });
      return { status: 200, body: { recorded: reports.map((r) => r.bidId) } };
    }
    const shares = (body as { shares: FakeOpeningServer['posted'][number]['shares'] }).shares;
    this.posted.push({ tenderId, shares });
    return { status: 200, body: { accepted: shares.map((s) => s.bidId), wrong: [] } };
  }
}

const refusal = (status: number, code: string) => ({ status, body: { error: { code, message: code } } });
