// Credentials never reach output: every line the CLI prints, and every message the extension shows, passes
// through a redactor built from the kubeconfig user's secrets (kubeconfig.ts secretsOf).

export type Redactor = (text: string) => string;

export function redactor(secrets: readonly string[]): Redactor {
  const sorted = [...new Set(secrets.filter((s) => s.length >= 6))].sort((a, b) => b.length - a.length);
  return (text) => sorted.reduce((out, secret) => out.split(secret).join('[redacted]'), text);
}
