// The debugger page's script: reads a token from the paste box, a file or the command line's
// handover, and shows what it is, when it is valid, what it allows and what LiveKit will make of
// it. Everything a token carries is written with textContent (never as HTML) and with control
// and bidi characters escaped, so a hostile token can neither run script nor disguise itself.
import { describeToken, tokenStatus, type TokenStatus } from '../describe.js';
import { isLiveKitTokenError } from '../errors.js';
import { tokenHint } from '../hints.js';
import { decodeToken } from '../jwt/decode.js';
import { escapeText } from '../cli/io.js';
import { utf8Length } from '../lib/text.js';
import { findings, SERVER_LEEWAY } from './findings.js';
import { abilities, fieldLines } from './grants.js';
import { drawTimeline } from './draw.js';
import { engine, verifyInPage } from './verify.js';

/** The most text read from the paste box or a file: far above any real token. */
const MAX_INPUT_CHARS = 65536;

const $ = <T extends HTMLElement = HTMLElement>(id: string): T => document.getElementById(id) as T;
const show = (id: string, on: boolean) => ($(id).hidden = !on);
const put = (id: string, text: string) => ($(id).textContent = escapeText(text));
/** Indented JSON: its own line breaks stay, anything a string holds is escaped (JSON.stringify leaves bidi controls raw). */
const putJson = (id: string, value: unknown) => ($(id).textContent = JSON.stringify(value, null, 2).split('\n').map(escapeText).join('\n'));

const STATUS_WORDS: Record<TokenStatus['state'], string> = { valid: 'VALID', expired: 'EXPIRED', 'not-yet-valid': 'NOT YET VALID', 'no-expiry': 'NO EXPIRY' };

/** The token on screen, cleaned as the command line cleans it: trimmed, without "Bearer ". */
let current = '';

function clean(text: string): string {
  return text.slice(0, MAX_INPUT_CHARS).trim().replace(/^Bearer\s+/i, '');
}

function render(): void {
  const token = current;
  put('token-size', token === '' ? '' : `${utf8Length(token)} bytes`);
  if (token === '') {
    show('result', false);
    show('decode-error', false);
    return;
  }
  const now = Date.now();
  try {
    // Decoded beyond the 8 KiB a verifier accepts, so that an oversized token can still be read.
    const { header, claims } = decodeToken(token, { maxTokenBytes: MAX_INPUT_CHARS });
    const status = tokenStatus(claims, { now });
    show('decode-error', false);
    show('result', true);
    const pill = $('status');
    pill.className = `pill ${status.state}`;
    pill.textContent = STATUS_WORDS[status.state];
    put('summary', describeToken(claims, { now }));
    putJson('header-json', header);
    putJson('claims-json', claims);
    const relative = drawTimeline($('timeline'), claims, status.state, now / 1000, SERVER_LEEWAY);
    put('relative', relative);
    renderFindings(findings({ claims, status, bytes: utf8Length(token), alg: header.alg, now: now / 1000 }));
    renderAbilities(abilities(claims));
    renderFields(fieldLines(claims));
    const key = $<HTMLInputElement>('api-key');
    if (key.value === '' && typeof claims.iss === 'string') key.value = claims.iss;
  } catch (e) {
    if (!isLiveKitTokenError(e)) throw e;
    show('result', false);
    show('decode-error', true);
    put('decode-code', e.code);
    put('decode-message', e.message);
    put('decode-hint', tokenHint(e, token, { now }));
  }
}

function item(className: string, title: string, detail?: string): HTMLLIElement {
  const li = document.createElement('li');
  li.className = className;
  const strong = document.createElement('strong');
  strong.textContent = escapeText(title);
  li.append(strong);
  if (detail !== undefined) {
    const span = document.createElement('span');
    span.textContent = escapeText(detail);
    li.append(span);
  }
  return li;
}

function renderFindings(list: ReturnType<typeof findings>): void {
  const ul = $('findings');
  ul.replaceChildren(...list.map((f) => item(`${f.level}${f.serious ? ' serious' : ''}`, f.title, f.detail)));
  if (list.length === 0) ul.append(item('none', 'Nothing to warn about', 'No expiry, size, grant or default that needs a second look.'));
}

function renderAbilities(list: string[]): void {
  const ul = $('abilities');
  ul.replaceChildren(
    ...list.map((text) => {
      const li = document.createElement('li');
      if (text.startsWith('Not ')) li.className = 'denied';
      li.textContent = escapeText(text);
      return li;
    }),
  );
  if (list.length === 0) {
    const li = document.createElement('li');
    li.className = 'none';
    li.textContent = 'Nothing: the token grants no permission';
    ul.append(li);
  }
}

function renderFields(lines: ReturnType<typeof fieldLines>): void {
  $('fields').replaceChildren(
    ...lines.map((line) => {
      const tr = document.createElement('tr');
      if (line.value === '') tr.className = 'group';
      for (const text of [line.path, line.value, line.meaning]) {
        const td = document.createElement('td');
        td.textContent = escapeText(text);
        tr.append(td);
      }
      return tr;
    }),
  );
}

function setToken(text: string): void {
  const textarea = $<HTMLTextAreaElement>('token-input');
  textarea.value = text.slice(0, MAX_INPUT_CHARS);
  tokenChanged(text);
}

/** A new token: the last verification answer was about another one. */
function tokenChanged(text: string): void {
  current = clean(text);
  $('verify-result').hidden = true;
  render();
}

async function onVerify(event: Event): Promise<void> {
  event.preventDefault();
  const key = $<HTMLInputElement>('api-key').value;
  const secret = $<HTMLInputElement>('api-secret').value;
  const box = $('verify-result');
  box.replaceChildren();
  box.hidden = false;
  if (current === '' || key === '' || secret === '') {
    box.className = 'verify-result invalid';
    box.textContent = current === '' ? 'Paste a token first.' : 'Type both the API key and the secret.';
    return;
  }
  const button = $<HTMLButtonElement>('verify-button');
  button.disabled = true;
  try {
    const outcome = await verifyInPage(current, key, secret, Date.now());
    const head = document.createElement('strong');
    if (outcome.valid) {
      box.className = 'verify-result valid';
      head.textContent = '✓ Verified: signed with this key and valid now.';
      const p = document.createElement('p');
      p.className = 'hint';
      p.textContent = escapeText(outcome.summary);
      box.append(head, p);
    } else {
      box.className = 'verify-result invalid';
      head.textContent = `✕ ${outcome.code}`;
      const message = document.createElement('span');
      message.textContent = escapeText(`: ${outcome.message}`);
      const hint = document.createElement('p');
      hint.className = 'hint';
      hint.textContent = escapeText(`hint: ${outcome.hint}`);
      box.append(head, message, hint);
    }
  } finally {
    button.disabled = false;
  }
}

/**
 * The token the command line handed over: written into the file (`--html`), or waiting at the
 * local server, which gives it to this page's POST (never in a URL). With a server, the page
 * says goodbye when it is closed, so that the server can stop.
 */
async function handover(): Promise<void> {
  const data = document.getElementById('handover');
  if (data === null) return;
  const parsed = JSON.parse(data.textContent ?? '{}') as { token?: unknown; post?: unknown; close?: unknown };
  if (typeof parsed.close === 'string') {
    const close = parsed.close;
    addEventListener('pagehide', () => navigator.sendBeacon(close));
  }
  if (typeof parsed.token === 'string') setToken(parsed.token);
  else if (typeof parsed.post === 'string') {
    const response = await fetch(parsed.post, { method: 'POST', cache: 'no-store', credentials: 'omit' });
    if (response.ok) setToken(await response.text());
  }
}

function start(): void {
  const textarea = $<HTMLTextAreaElement>('token-input');
  textarea.addEventListener('input', () => tokenChanged(textarea.value));
  $<HTMLInputElement>('token-file').addEventListener('change', async (event) => {
    const file = (event.target as HTMLInputElement).files?.[0];
    if (file === undefined) return;
    setToken(file.size > MAX_INPUT_CHARS ? '' : await file.text());
  });
  $('verify-form').addEventListener('submit', (event) => void onVerify(event));
  put('engine', `Checked with ${engine()}${engine() === 'Web Crypto' ? '' : ': this page is not in a secure context (Web Crypto needs file:, https: or http://127.0.0.1), so it uses the library’s own SHA-256'}. The secret stays in this tab and is forgotten when it closes.`);
  // The status and the timeline move with the clock; redraw also when the width changes.
  setInterval(() => current !== '' && render(), 15_000);
  addEventListener('resize', () => current !== '' && render());
  void handover();
}

start();
