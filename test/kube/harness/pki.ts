// A throwaway PKI for a loopback API server, made with openssl: a CA, one serving certificate for 127.0.0.1
// (the API server and the fault proxy share it), client certificates, the service-account key pair and a
// static token file with random tokens. The tokens and keys double as the "secrets" the output must never show.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface Pki {
  dir: string;
  caCert: string;
  serverCert: string;
  serverKey: string;
  adminCert: string;
  adminKey: string;
  saPublic: string;
  saPrivate: string;
  tokenFile: string;
  tokens: { admin: string; limited: string; nobody: string };
  /** Every string that must never appear in output: tokens and private key bodies. */
  secrets: string[];
}

function openssl(dir: string, args: string[]): void {
  execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
}

function keyAndCsr(dir: string, name: string, subject: string): void {
  openssl(dir, [
    'req',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:prime256v1',
    '-nodes',
    '-keyout',
    `${name}.key`,
    '-out',
    `${name}.csr`,
    '-subj',
    subject,
  ]);
}

function sign(dir: string, name: string, extensions: string): void {
  writeFileSync(join(dir, `${name}.ext`), extensions);
  openssl(dir, [
    'x509',
    '-req',
    '-in',
    `${name}.csr`,
    '-CA',
    'ca.crt',
    '-CAkey',
    'ca.key',
    '-CAcreateserial',
    '-out',
    `${name}.crt`,
    '-days',
    '2',
    '-extfile',
    `${name}.ext`,
  ]);
}

function keyBody(path: string): string[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line && !line.startsWith('-----'));
}

/** A self-signed P-256 CA in `dir` (ca.key, ca.crt) with the given subject. */
export function makeCa(dir: string, subject: string): void {
  openssl(dir, [
    'req',
    '-x509',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:prime256v1',
    '-nodes',
    '-keyout',
    'ca.key',
    '-out',
    'ca.crt',
    '-days',
    '2',
    '-subj',
    subject,
  ]);
}

export function makePki(dir: string): Pki {
  makeCa(dir, '/CN=multus-nad-test-ca');
  keyAndCsr(dir, 'server', '/CN=kube-apiserver');
  sign(dir, 'server', 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n');
  keyAndCsr(dir, 'admin', '/O=system:masters/CN=admin');
  sign(dir, 'admin', 'extendedKeyUsage=clientAuth\n');
  openssl(dir, ['genrsa', '-out', 'sa.key', '2048']);
  openssl(dir, ['rsa', '-in', 'sa.key', '-pubout', '-out', 'sa.pub']);
  const token = () => randomBytes(24).toString('hex');
  const tokens = { admin: token(), limited: token(), nobody: token() };
  const tokenFile = join(dir, 'tokens.csv');
  writeFileSync(
    tokenFile,
    [
      `${tokens.admin},admin-token,1001,"system:masters"`,
      `${tokens.limited},limited,1002`,
      `${tokens.nobody},nobody,1003`,
    ].join('\n') + '\n',
  );
  const p = (f: string) => join(dir, f);
  return {
    dir,
    caCert: p('ca.crt'),
    serverCert: p('server.crt'),
    serverKey: p('server.key'),
    adminCert: p('admin.crt'),
    adminKey: p('admin.key'),
    saPublic: p('sa.pub'),
    saPrivate: p('sa.key'),
    tokenFile,
    tokens,
    secrets: [
      ...Object.values(tokens),
      ...keyBody(p('admin.key')),
      ...keyBody(p('server.key')),
      ...keyBody(p('ca.key')),
      readFileSync(p('admin.key')).toString('base64'),
    ],
  };
}
