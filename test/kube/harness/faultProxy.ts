// A TLS proxy in front of the real API server that injects network faults per request: an error status
// (503), a connection cut before the request is forwarded, a connection cut after the server has processed
// it (half the answer is sent), a slow answer, or a watch stream cut after a while. It terminates TLS with the
// test CA's 127.0.0.1 certificate, so clients verify it like the real server; credentials must be tokens
// (a client certificate cannot be forwarded through a terminating proxy).
import { readFileSync } from 'node:fs';
import * as https from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Pki } from './pki';

export type Fault =
  | { kind: 'pass' }
  | { kind: 'status'; code: number }
  | { kind: 'cut-before' }
  | { kind: 'cut-after' }
  | { kind: 'slow'; ms: number }
  | { kind: 'cut-stream'; afterMs: number };

export interface ProxiedRequest {
  n: number;
  method: string;
  path: string;
  query: URLSearchParams;
  fault: Fault['kind'];
}

export type FaultRule = (req: Omit<ProxiedRequest, 'fault'>) => Fault;

export class FaultProxy {
  readonly requests: ProxiedRequest[] = [];
  rule: FaultRule = () => ({ kind: 'pass' });
  private server?: https.Server;
  private readonly ca: Buffer;
  private readonly upstream: URL;
  port = 0;

  constructor(
    private readonly pki: Pki,
    upstream: string,
  ) {
    this.ca = readFileSync(pki.caCert);
    this.upstream = new URL(upstream);
  }

  get url(): string {
    return `https://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    this.server = https.createServer(
      { cert: readFileSync(this.pki.serverCert), key: readFileSync(this.pki.serverKey) },
      (req, res) => this.handle(req, res),
    );
    await new Promise<void>((ok) => this.server?.listen(0, '127.0.0.1', ok));
    this.port = (this.server.address() as { port: number }).port;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((ok) => this.server?.close(() => ok()) ?? ok());
  }

  /** The requests seen so far that match method and a path prefix, with their faults. */
  seen(method: string, pathPrefix: string, filter: (q: URLSearchParams) => boolean = () => true): ProxiedRequest[] {
    return this.requests.filter((r) => r.method === method && r.path.startsWith(pathPrefix) && filter(r.query));
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', 'https://proxy');
    const base = {
      n: this.requests.length + 1,
      method: req.method ?? 'GET',
      path: url.pathname,
      query: url.searchParams,
    };
    const fault = this.rule(base);
    this.requests.push({ ...base, fault: fault.kind });
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      switch (fault.kind) {
        case 'status':
          return this.status(res, fault.code);
        case 'cut-before':
          return req.socket.destroy();
        case 'cut-stream':
          return this.forward(req, body, (up) => {
            res.writeHead(up.statusCode ?? 502, up.headers);
            up.pipe(res);
            setTimeout(() => req.socket.destroy(), fault.afterMs);
          });
        case 'pass':
          return this.forward(req, body, (up) => {
            res.writeHead(up.statusCode ?? 502, up.headers);
            up.pipe(res);
          });
        case 'cut-after':
        case 'slow':
          return this.forward(req, body, (up) => {
            const answer: Buffer[] = [];
            up.on('data', (c: Buffer) => answer.push(c));
            up.on('end', () => {
              const full = Buffer.concat(answer);
              if (fault.kind === 'cut-after') {
                // The server has done the work; the client gets the head and half the body, then the cut.
                const headers = { ...up.headers, 'content-length': String(full.length) };
                delete headers['transfer-encoding'];
                res.writeHead(up.statusCode ?? 502, headers);
                res.write(full.subarray(0, Math.floor(full.length / 2)), () => req.socket.destroy());
                return;
              }
              setTimeout(() => {
                if (res.destroyed) return;
                res.writeHead(up.statusCode ?? 502, up.headers);
                res.end(full);
              }, fault.ms);
            });
          });
      }
    });
  }

  private forward(req: IncomingMessage, body: Buffer, onResponse: (up: IncomingMessage) => void): void {
    const up = https.request(
      {
        host: this.upstream.hostname,
        port: this.upstream.port,
        method: req.method,
        path: req.url,
        headers: { ...req.headers, host: this.upstream.host },
        ca: this.ca,
      },
      onResponse,
    );
    up.on('error', () => req.socket.destroy());
    req.socket.on('close', () => up.destroy());
    up.end(body);
  }

  private status(res: ServerResponse, code: number): void {
    const body = JSON.stringify({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'the server is currently unable to handle the request',
      reason: 'ServiceUnavailable',
      code,
    });
    res.writeHead(code, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) });
    res.end(body);
  }
}
