import { generate } from 'selfsigned';

export interface SandboxCertificate {
  certPem: string;
  keyPem: string;
}

// A fresh self-signed certificate per start. It is its own CA (basicConstraints cA) so SDK clients
// can trust exactly this PEM through an https.Agent `ca` option, never by disabling verification.
export async function createSandboxCertificate(): Promise<SandboxCertificate> {
  const notBefore = new Date(Date.now() - 60 * 60 * 1000);
  const notAfter = new Date(Date.now() + 30 * 24 * 60 * 60 * 1000);
  const result = await generate([{ name: 'commonName', value: 'localhost' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate: notBefore,
    notAfterDate: notAfter,
    extensions: [
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'keyUsage', digitalSignature: true, keyCertSign: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 2, value: 'localhost' },
          { type: 7, ip: '127.0.0.1' },
          { type: 7, ip: '::1' },
        ],
      },
    ],
  });
  return { certPem: result.cert, keyPem: result.private };
}
