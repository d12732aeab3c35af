import { sandboxStylesheet } from '../views/sandbox/style.js';
import { stylesheet } from '../views/style.js';
import { panelClientScript } from './panel-client.js';
import { sandboxClientScript } from './sandbox-client.js';

/** FNV-1a of a text, as 8 hex digits: a file's version in its URL, so a changed file is fetched anew. */
function version(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return hash.toString(16).padStart(8, '0');
}

/** The panel's static files: the stylesheet and the page script, each at a versioned URL cached for a year. */
export const panelAssets = {
  style: { path: '/assets/style.css', url: `/assets/style.css?v=${version(stylesheet)}`, body: stylesheet, type: 'text/css; charset=utf-8' },
  script: {
    path: '/assets/panel.js',
    url: `/assets/panel.js?v=${version(panelClientScript)}`,
    body: panelClientScript,
    type: 'text/javascript; charset=utf-8',
  },
} as const;

/**
 * The sandbox web chat's static files, under the sandbox's own path (/sandbox/assets/…). Unversioned and revalidated
 * on every load (`no-cache`): the sandbox runs on a developer's machine, where a stale script costs more than a request.
 */
export const sandboxAssets = {
  style: { path: '/assets/sandbox.css', body: sandboxStylesheet, type: 'text/css; charset=utf-8' },
  script: { path: '/assets/sandbox.js', body: sandboxClientScript, type: 'text/javascript; charset=utf-8' },
} as const;
