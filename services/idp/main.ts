import { paths, ports } from '../config';
import { startIdp } from './server';

/** The local identity provider as a process of its own (`services up idp`, docker-compose). */
const idp = await startIdp({
  port: ports.idp,
  host: process.env.ARSHJUL_IDP_HOST ?? '127.0.0.1',
  issuer: process.env.ARSHJUL_IDP_ISSUER || undefined,
  dataDir: process.env.ARSHJUL_IDP_DATA_DIR ?? paths.idpData,
  redirectUris: (process.env.ARSHJUL_IDP_REDIRECT_URIS ?? '').split(',').filter(Boolean),
});
console.log(`arshjul idp: ${idp.issuer} (/.well-known/openid-configuration)`);
const stop = () => void idp.close().then(() => process.exit(0));
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
