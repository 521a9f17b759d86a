import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import type { BrokerLayout } from './broker-files';
import { LocalBrokerError } from './local-broker.error';
import { pathExists } from './path-exists';
import { lastLines, runProcess } from './run-process';

const VALIDITY_DAYS = '825';

/**
 * A self-signed key pair for the local broker's SASL_SSL listener, made once per state dir with
 * the JDK's keytool (no download). The certificate names 127.0.0.1 (and localhost) so clients
 * verify the host; it is exported as `tls/ca.pem` for KAFKA_SSL_CA_FILE, and imported into a
 * truststore for the broker's own inter-broker connections. Local use only: a real cluster's
 * certificates come from the operator's CA.
 */
export async function ensureTlsFiles(
  layout: BrokerLayout,
  progress: (message: string) => void,
): Promise<{ keystore: string; truststore: string; storePassword: string }> {
  const complete =
    (await pathExists(layout.keystore)) &&
    (await pathExists(layout.truststore)) &&
    (await pathExists(layout.caFile)) &&
    (await pathExists(layout.storePasswordFile));
  if (!complete) {
    progress(`Creating a self-signed certificate for 127.0.0.1 in ${layout.tlsDir}.`);
    await rm(layout.tlsDir, { recursive: true, force: true });
    await mkdir(layout.tlsDir, { recursive: true, mode: 0o700 });
    const password = randomBytes(18).toString('base64url');
    await keytool(password, [
      '-genkeypair',
      '-alias',
      'broker',
      '-keyalg',
      'RSA',
      '-keysize',
      '2048',
      '-validity',
      VALIDITY_DAYS,
      '-dname',
      'CN=127.0.0.1, O=Crescent local Kafka',
      '-ext',
      'SAN=ip:127.0.0.1,dns:localhost',
      '-storetype',
      'PKCS12',
      '-keystore',
      layout.keystore,
      '-storepass',
      password,
      '-keypass',
      password,
    ]);
    await keytool(password, [
      '-exportcert',
      '-rfc',
      '-alias',
      'broker',
      '-keystore',
      layout.keystore,
      '-storepass',
      password,
      '-file',
      layout.caFile,
    ]);
    await keytool(password, [
      '-importcert',
      '-noprompt',
      '-alias',
      'broker',
      '-file',
      layout.caFile,
      '-storetype',
      'PKCS12',
      '-keystore',
      layout.truststore,
      '-storepass',
      password,
    ]);
    // Written last: its presence marks a complete set.
    await writeFile(layout.storePasswordFile, `${password}\n`, { mode: 0o600 });
  }
  const storePassword = (await readFile(layout.storePasswordFile, 'utf8')).trim();
  return { keystore: layout.keystore, truststore: layout.truststore, storePassword };
}

async function keytool(password: string, args: readonly string[]): Promise<void> {
  const outcome = await runProcess('keytool', args);
  if (outcome === null) {
    throw new LocalBrokerError('java-missing', 'keytool (part of the JDK) is not on PATH; install a JDK 17+');
  }
  if (outcome.exitCode !== 0) {
    throw new LocalBrokerError(
      'format-failed',
      `keytool ${args[0] ?? ''} failed (exit ${String(outcome.exitCode)}):\n${lastLines(outcome.output, 10).split(password).join('***')}`,
    );
  }
}
