// Builds the token debugger page (`livekit-token inspect`): src/inspect-page/page.html with its
// stylesheet and its script (the page's code and the core's Web build, bundled by esbuild)
// inline, and a Content-Security-Policy that allows exactly those two by their SHA-256 hashes.
// tsup runs it after building the CLI; the CLI serves or writes the file it leaves in dist/cli/.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build, transform } from 'esbuild';

/** The checkout: this script's parent folder, unless the caller (a bundled tsup config) knows better. */
const ROOT = join(import.meta.dirname, '..');

const hash = (text) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

/**
 * The page's policy: its own inline script and style, nothing else; no image, font, frame or
 * form target; network requests only to the origin that served it (the local server's
 * handover), which for a file is none.
 */
export function contentSecurityPolicy(script, style) {
  return [
    "default-src 'none'",
    `script-src ${hash(script)}`,
    `style-src ${hash(style)}`,
    "connect-src 'self'",
    "img-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

/** The page as one HTML string. */
export async function buildInspectPage(root = ROOT) {
  const source = join(root, 'src', 'inspect-page');
  const bundled = await build({
    entryPoints: [join(source, 'main.ts')],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    legalComments: 'none',
    charset: 'utf8',
  });
  const script = bundled.outputFiles[0].text.trim();
  const style = (await transform(readFileSync(join(source, 'style.css'), 'utf8'), { loader: 'css', minify: true })).code.trim();
  // Inline text ends at the first closing tag, whatever its context: none may occur inside.
  if (/<\/script/i.test(script) || /<\/style/i.test(style)) throw new Error('inspect page: a closing tag inside the inline script or style');
  const template = readFileSync(join(source, 'page.html'), 'utf8');
  const fill = { '{{CSP}}': contentSecurityPolicy(script, style), '{{STYLE}}': style, '{{SCRIPT}}': script };
  // split/join, not replace: the script is full of `$` sequences that replace() would expand.
  return Object.entries(fill).reduce((html, [mark, text]) => html.split(mark).join(text), template);
}

/** Builds the page into `file` (relative to `root`). */
export async function writeInspectPage(file, root = ROOT) {
  writeFileSync(join(root, file), await buildInspectPage(root));
}
