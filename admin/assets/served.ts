import { stylesheet } from '../views/style.js';
import { panelClientScript } from './panel-client.js';

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
