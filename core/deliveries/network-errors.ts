/**
 * Network error codes that prove a request never reached the messenger: nothing listened, the name did not resolve,
 * no route, the connection (or its TLS handshake) failed before a byte of the request went out. Such a send may be
 * retried; anything else after the request left (a reset, a closed socket) may have delivered it.
 */
const neverReachedCodes = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'EHOSTDOWN',
  'ENETUNREACH',
  'ENETDOWN',
  'ETIMEDOUT',
  'EPROTO',
  'UND_ERR_CONNECT_TIMEOUT',
  'CERT_HAS_EXPIRED',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
]);

export function neverReachedMessenger(code: unknown): boolean {
  return typeof code === 'string' && (neverReachedCodes.has(code) || code.startsWith('ERR_TLS_'));
}
