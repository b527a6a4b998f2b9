// planmine reviewer UI: one page, hash routing, no build step, no network
// beyond this server. All document offsets from the API are Unicode code
// points; JS strings are UTF-16, so text is always handled as
// Array.from(text) (one element per code point) before slicing.
'use strict';

const API = '/api/v1';
const HIGH_REUSE = 0.5;
const TYPE_LABEL = {
  plan: '计划', summary: '总结', scheme: '方案', experience: '经验材料',
  report: '报告', notice: '通知', other: '其他',
};
const KIND_LABEL = { plan: '计划目标', achieved: '已完成' };
const CMP_LABEL = { '=': '', '>=': '≥', '<=': '≤', '>': '>', '<': '<', '~': '约', range: '' };
const FACET_LABEL = {
  type: '文种 Type', year: '年份 Year', org: '单位 Org', unit: '计量单位 Unit', kind: '指标性质 Kind',
  slogan: '提法 Slogan', placeholders: '占位符 Placeholders', script: '字形 Script',
};
const FACET_KEY = { placeholders: 'placeholder' };

// ---- small helpers -------------------------------------------------------

const $ = (sel, root = document) => root.querySelector(sel);
const app = $('#app');

// h builds an element; text children are text nodes, never parsed as HTML.
function h(tag, attrs, ...kids) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v == null || v === false) continue;
    if (k === 'class') el.className = v;
    else if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else el.setAttribute(k, v === true ? '' : v);
  }
  for (const k of kids.flat(Infinity)) {
    if (k == null || k === false) continue;
    el.append(k instanceof Node ? k : String(k));
  }
  return el;
}

// Tokens are kept for this tab only (sessionStorage): the read token opens
// browsing when the server has one (--read-token), the write token uploads
// and deletes (--token) and also reads.
const TOKEN_KEY = { read: 'planmine.readToken', write: 'planmine.writeToken' };
const TOKEN_NAME = { read: '读取令牌 (read token)', write: '写入令牌 (write token)' };
localStorage.removeItem('planmine.token'); // earlier builds kept one token on disk
function token(kind = 'read') {
  const w = sessionStorage.getItem(TOKEN_KEY.write) || '';
  return kind === 'write' ? w : sessionStorage.getItem(TOKEN_KEY.read) || w;
}
function setToken(kind, v) {
  if (v) sessionStorage.setItem(TOKEN_KEY[kind], v); else sessionStorage.removeItem(TOKEN_KEY[kind]);
}
// bearer is the header value for a token. Header values are bytes, and the
// browser sends each char of the string as one byte, so a token with
// Chinese characters goes out as its UTF-8 bytes (as curl would send it)
// instead of making fetch throw.
function bearer(t) { return 'Bearer ' + String.fromCharCode(...new TextEncoder().encode(t)); }
function authHeaders(kind = 'read') { const t = token(kind); return t ? { Authorization: bearer(t) } : {}; }
const isWrite = (method) => !!method && !/^(GET|HEAD)$/i.test(method);

// modal shows a dialog and resolves with the input's value (input dialogs),
// true (confirmations) or null when cancelled.
function modal({ id, title, lines = [], input, ok = '确定 OK', danger = false }) {
  return new Promise((resolve) => {
    const field = input ? h('input', { type: input.type || 'text', class: 'modal-input', autocomplete: 'off', placeholder: input.placeholder || '', 'aria-label': title }) : null;
    const okBtn = h('button', { type: 'submit', class: (danger ? 'danger' : 'primary') + ' modal-ok' }, ok);
    const cancel = h('button', { type: 'button', class: 'modal-cancel' }, '取消 Cancel');
    const form = h('form', { method: 'dialog' }, h('h2', {}, title),
      lines.filter(Boolean).map((l) => (l instanceof Node ? l : h('p', {}, l))), field, h('div', { class: 'modal-actions' }, cancel, okBtn));
    const dlg = h('dialog', { class: 'modal', id }, form);
    let result = null;
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      result = field ? field.value.trim() || null : true;
      dlg.close();
    });
    cancel.addEventListener('click', () => dlg.close());
    dlg.addEventListener('close', () => { dlg.remove(); resolve(result); });
    document.body.append(dlg);
    dlg.showModal();
    (field || okBtn).focus();
  });
}

// askToken asks for the token a 401 named (one dialog per kind however
// many requests failed at once) and resolves true when one was entered.
const asking = {};
function askToken(kind, message) {
  if (!asking[kind]) {
    asking[kind] = modal({
      id: 'token-dialog', title: '需要' + TOKEN_NAME[kind],
      lines: [message, kind === 'write'
        ? '上传和删除需要写入令牌（启动服务时的 --token）。 (Uploads and deletes need the write token given to the server with --token.)'
        : '浏览和检索需要读取令牌（--read-token）或写入令牌。 (Browsing needs the read token, --read-token, or the write token.)',
      '令牌只保存在本标签页中，关闭后即清除。 (Kept in this tab only.)'],
      input: { type: 'password', placeholder: TOKEN_NAME[kind] }, ok: '使用此令牌 Use token',
    }).then((v) => {
      if (v) setToken(kind, v);
      return !!v;
    }).finally(() => { delete asking[kind]; });
  }
  return asking[kind];
}

// authFetch sends the token the request needs and, on a 401, asks for the
// token the server named and tries again (a few times, for typos).
async function authFetch(url, opts = {}) {
  const kind = isWrite(opts.method) ? 'write' : 'read';
  for (let attempt = 0; ; attempt++) {
    const res = await fetch(url, { ...opts, headers: { ...authHeaders(kind), ...(opts.headers || {}) } });
    if (res.status !== 401 || attempt >= 3) return res;
    let body = null;
    try { body = await res.clone().json(); } catch (_) { /* not JSON */ }
    const e = body && body.error;
    if (!(await askToken((e && e.token) || kind, e ? e.message : res.status + ' ' + res.statusText))) return res;
  }
}

// api fetches JSON and turns the error shape into a thrown Error.
async function api(path, opts = {}) {
  const res = await authFetch(API + path, opts);
  let body = null;
  try { body = await res.json(); } catch (_) { /* not JSON */ }
  if (!res.ok) {
    const msg = body && body.error ? body.error.message : res.status + ' ' + res.statusText;
    const err = new Error(msg);
    err.status = res.status;
    err.token = body && body.error ? body.error.token : undefined;
    err.startup = !!(body && body.error && body.error.startup);
    if (err.startup) watchStartup(msg);
    throw err;
  }
  return body;
}

// watchStartup shows, in a banner, what a starting server is still doing
// (opening the store, rebuilding the index, loading the segmenter), polls
// /readyz until it is ready, then hides the banner and reloads the view.
function watchStartup(msg) {
  const b = $('#startup');
  if (msg) { b.textContent = msg; b.hidden = false; }
  if (watchStartup.timer) return;
  const poll = async () => {
    let body = null, ok = false;
    try {
      const res = await fetch('/readyz');
      ok = res.ok;
      body = await res.json();
    } catch (_) { /* not answering yet: try again */ }
    const e = body && body.error;
    if (ok || (e && !e.startup)) {
      watchStartup.timer = null;
      if (!b.hidden) { b.hidden = true; route(); }
      return;
    }
    if (e) { b.textContent = e.message; b.hidden = false; }
    watchStartup.timer = setTimeout(poll, 2000);
  };
  watchStartup.timer = setTimeout(poll, msg ? 2000 : 0);
}

// setTitle names the tab after the page.
function setTitle(s) { document.title = s ? s + ' — planmine' : 'planmine · 计划文本审阅'; }

// pager draws "第 1–50 条，共 91 条" with previous/next and a page-size
// choice into box; go(offset, limit) loads a page. st holds offset, limit.
const PAGE_SIZES = [20, 50, 100, 200];
function pageInfo(st, total) {
  const from = total ? Math.min(st.offset + 1, total) : 0, to = Math.min(st.offset + st.limit, total);
  return '第 ' + from + '–' + to + ' 条，共 ' + total + ' 条';
}
function pager(box, st, total, go) {
  const pages = Math.max(1, Math.ceil(total / st.limit)), page = Math.floor(st.offset / st.limit) + 1;
  const sizes = h('select', { class: 'page-size', 'aria-label': '每页条数 (page size)' },
    [...new Set([...PAGE_SIZES, st.limit])].sort((a, b) => a - b).map((n) => h('option', { value: n, selected: n === st.limit }, '每页 ' + n + ' 条')));
  sizes.addEventListener('change', () => go(0, +sizes.value));
  box.classList.add('pager');
  box.replaceChildren(
    h('span', { class: 'page-info' }, pageInfo(st, total)),
    h('button', { type: 'button', class: 'page-prev', disabled: st.offset <= 0, onclick: () => go(Math.max(0, st.offset - st.limit), st.limit) }, '‹ 上一页'),
    h('span', { class: 'page-no muted' }, page + ' / ' + pages),
    h('button', { type: 'button', class: 'page-next', disabled: st.offset + st.limit >= total, onclick: () => go(st.offset + st.limit, st.limit) }, '下一页 ›'),
    sizes);
}
// pastEnd moves st back to the last page when rows were removed under it;
// true when the caller should load again.
function pastEnd(st, total) {
  if (st.offset === 0 || st.offset < total) return false;
  st.offset = Math.max(0, Math.floor((total - 1) / st.limit) * st.limit);
  return true;
}

// refMeta tells same-titled documents apart: file name, part, org, year.
function refMeta(r) {
  return [r.source, r.part ? '第' + r.part + '篇' : '', r.org, r.year ? r.year + '年' : ''].filter(Boolean).join(' · ');
}

// deleteDoc confirms, deletes with the write token and reports; true when
// the document is gone.
async function deleteDoc(d) {
  const name = '《' + (d.title || '无标题 untitled') + '》';
  const ok = await modal({
    id: 'delete-dialog', title: '删除文档 Delete document', danger: true, ok: '删除 Delete',
    lines: [h('p', {}, '确定要删除 ', h('strong', { class: 'delete-name' }, name), ' 吗？'),
      h('p', { class: 'muted' }, refMeta(d)),
      '文档、分析结果和复用记录都将删除，无法恢复。 (The document, its analysis and its reuse records are removed for good.)'],
  });
  if (!ok) return false;
  try {
    await api('/documents/' + encodeURIComponent(d.id), { method: 'DELETE' });
  } catch (e) {
    if (e.status === 404) { toast('文档已不存在 (already deleted)：' + name); return true; }
    toast('删除失败 (delete failed)：' + name + '：' + e.message, true);
    return false;
  }
  toast('已删除 (deleted)：' + name);
  return true;
}

function toast(msg, isErr) {
  const t = $('#toast');
  t.textContent = msg;
  t.className = 'toast' + (isErr ? ' err' : '');
  t.hidden = false;
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => { t.hidden = true; }, isErr ? 6000 : 3000);
}

const pct = (x) => (x == null ? '—' : Math.round(x * 100) + '%');
function bar(x) {
  const b = h('span', { class: 'bar' + (x >= HIGH_REUSE ? ' high' : '') }, h('i'));
  b.firstChild.style.width = Math.max(0, Math.min(1, x || 0)) * 100 + '%';
  return b;
}
function typeTag(t) { return h('span', { class: 'tag' }, TYPE_LABEL[t] || t || '—'); }
function qs(obj) {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(obj)) if (v !== '' && v != null) p.set(k, v);
  const s = p.toString();
  return s ? '?' + s : '';
}
function debounce(fn, ms) {
  let t;
  return (...a) => { clearTimeout(t); t = setTimeout(() => fn(...a), ms); };
}

// download fetches with the token when one is set (a plain link cannot
// carry a header), else lets the browser follow the link.
async function download(ev, url, name) {
  if (!token()) return;
  ev.preventDefault();
  try {
    const res = await authFetch(url);
    if (!res.ok) {
      let body = null;
      try { body = await res.json(); } catch (_) { /* not JSON */ }
      throw new Error(body && body.error ? body.error.message : res.status + ' ' + res.statusText);
    }
    const blob = await res.blob();
    name = name || dispositionName(res.headers.get('Content-Disposition')) || 'download';
    const a = h('a', { href: URL.createObjectURL(blob), download: name });
    document.body.append(a);
    a.click();
    a.remove();
  } catch (e) { toast('下载失败 (download failed): ' + e.message, true); }
}

// reportLinks are the copy-check report (查重报告) downloads of a document.
function reportLinks(id, title) {
  const base = API + '/documents/' + encodeURIComponent(id) + '/report';
  const link = (fmt, label) => {
    const url = base + '?format=' + fmt;
    return h('a', { class: 'btn report-' + fmt, href: url, target: '_blank', rel: 'noopener', title: '查重报告 copy-check report (' + fmt.toUpperCase() + ')',
      onclick: (e) => download(e, url, '查重报告_' + (title || id) + '.' + fmt) }, label);
  };
  return h('span', { class: 'report-links' }, link('html', '查重报告 HTML'), link('pdf', 'PDF'), link('xlsx', 'XLSX'));
}

// ---- marked text ---------------------------------------------------------

// renderMarked draws text with marks [{start,end,cls,p}] given in code
// points. Every segment carries data-s (its code-point start) so that
// scrollToOffset can find any offset; extra boundaries (section starts)
// become segment starts too.
function renderMarked(text, marks, boundaries = []) {
  const cps = Array.from(text);
  const n = cps.length;
  const ms = marks
    .filter((m) => m.start < m.end && m.start >= 0 && m.start < n)
    .map((m) => ({ ...m, end: Math.min(m.end, n) }))
    .sort((a, b) => a.start - b.start || b.end - a.end);
  const cuts = new Set([0, n]);
  for (const m of ms) { cuts.add(m.start); cuts.add(m.end); }
  for (const b of boundaries) if (b >= 0 && b <= n) cuts.add(b);
  const pts = [...cuts].sort((a, b) => a - b);
  const box = h('div', { class: 'doctext' });
  const frag = document.createDocumentFragment();
  let active = [];
  let next = 0;
  for (let i = 0; i + 1 < pts.length; i++) {
    const s = pts[i], e = pts[i + 1];
    active = active.filter((m) => m.end > s);
    while (next < ms.length && ms[next].start <= s) {
      if (ms[next].end > s) active.push(ms[next]);
      next++;
    }
    const span = document.createElement('span');
    span.dataset.s = s;
    span.textContent = cps.slice(s, e).join('');
    if (active.length) {
      const classes = new Set(active.map((m) => m.cls));
      // Copy beats boilerplate where both cover a run.
      if (classes.has('m-copy')) classes.delete('m-boiler');
      span.className = [...classes].join(' ');
      const withP = active.find((m) => m.p != null);
      if (withP) span.dataset.p = withP.p;
      const withT = active.find((m) => m.t != null);
      if (withT) span.dataset.t = withT.t;
      const title = active.map((m) => m.title).filter(Boolean).join(' · ');
      if (title) span.title = title;
    }
    frag.append(span);
  }
  box.append(frag);
  return box;
}

// scrollToOffset scrolls the segment holding code point off into view.
function scrollToOffset(box, off, flash = true) {
  const spans = box.querySelectorAll('span[data-s]');
  let lo = 0, hi = spans.length - 1, best = 0;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (+spans[mid].dataset.s <= off) { best = mid; lo = mid + 1; } else hi = mid - 1;
  }
  const el = spans[best];
  if (!el) return;
  if (box.scrollHeight > box.clientHeight + 4) {
    // A pane that scrolls by itself: move the pane, not the page, so the
    // two sides of the reuse view stay side by side.
    box.scrollTo({ top: Math.max(0, el.offsetTop - box.clientHeight / 3), behavior: 'smooth' });
  } else {
    el.scrollIntoView({ block: 'center', behavior: 'smooth' });
  }
  if (flash) { el.classList.remove('flash'); void el.offsetWidth; el.classList.add('flash'); }
}

// findAll returns the code-point offsets of every occurrence of needle.
function findAll(text, needle) {
  const out = [];
  if (!needle) return out;
  const cps = Array.from(text), nd = Array.from(needle);
  // Build the UTF-16 → code point index once, then use indexOf.
  const cpAt = new Int32Array(text.length + 1);
  let u = 0;
  cps.forEach((c, i) => { for (let k = 0; k < c.length; k++) cpAt[u + k] = i; u += c.length; });
  cpAt[u] = cps.length;
  let from = 0;
  for (;;) {
    const i = text.indexOf(needle, from);
    if (i < 0) break;
    out.push([cpAt[i], cpAt[i] + nd.length]);
    from = i + needle.length;
  }
  return out;
}

function flattenSections(ss, out = []) {
  for (const s of ss || []) { out.push(s); flattenSections(s.children, out); }
  return out;
}

function targetValue(t) {
  const v = (x) => (Number.isInteger(x) ? x : +x.toFixed(4));
  if (t.cmp === 'range' && t.value_max != null) return v(t.value) + '–' + v(t.value_max);
  return (CMP_LABEL[t.cmp] || '') + v(t.value);
}

// ---- views ---------------------------------------------------------------

const views = {};

// Documents: upload + list.
const listState = { sort: 'reuse', type: '', year: '', org: '', q: '', offset: 0, limit: 50 };

views.docs = async function () {
  const input = h('input', { type: 'file', id: 'file-input', multiple: true, accept: '.txt,.docx,.pdf,.doc,.html,.htm,.zip' });
  const list = h('ul', { class: 'uploads', id: 'upload-list' });
  const drop = h('div', { class: 'drop', id: 'drop' },
    h('strong', {}, '拖入文件上传'), ' · 或 ', h('label', { for: 'file-input' }, '选择文件'), input,
    h('div', { class: 'muted' }, 'TXT / DOCX / PDF / DOC / HTML / ZIP，可多选 (drag files here or choose; many at once)'));
  input.addEventListener('change', () => { uploadFiles([...input.files], list); input.value = ''; });
  for (const ev of ['dragenter', 'dragover']) drop.addEventListener(ev, (e) => { e.preventDefault(); drop.classList.add('over'); });
  for (const ev of ['dragleave', 'drop']) drop.addEventListener(ev, (e) => { e.preventDefault(); drop.classList.remove('over'); });
  drop.addEventListener('drop', (e) => uploadFiles([...e.dataTransfer.files], list));

  const tbody = h('tbody', { id: 'doc-rows' });
  const total = h('span', { class: 'muted page-info', id: 'doc-total' });
  const pagerBox = h('div', { class: 'pager', id: 'doc-pager' });
  const f = listState;
  const reload = () => { f.offset = 0; loadDocs(tbody, total, pagerBox); };
  const field = (k, ph, cls) => {
    const el = h('input', { placeholder: ph, value: f[k], class: cls || '', 'aria-label': ph });
    el.addEventListener('input', debounce(() => { f[k] = el.value.trim(); reload(); }, 300));
    return el;
  };
  const typeSel = h('select', { 'aria-label': '文种' }, h('option', { value: '' }, '全部文种 All types'),
    Object.entries(TYPE_LABEL).map(([k, v]) => h('option', { value: k, selected: f.type === k }, v)));
  typeSel.addEventListener('change', () => { f.type = typeSel.value; reload(); });
  const th = (label, key, cls) => {
    const el = h('th', { class: (key ? 'sortable' : '') + (f.sort === key ? ' sorted' : '') + (cls ? ' ' + cls : '') }, label);
    if (key) el.addEventListener('click', () => {
      f.sort = key;
      el.parentNode.querySelectorAll('th').forEach((x) => x.classList.remove('sorted'));
      el.classList.add('sorted');
      reload();
    });
    return el;
  };
  app.replaceChildren(
    h('section', { class: 'panel' }, h('h2', {}, '上传 ', h('small', {}, 'Upload')), drop, list),
    h('section', { class: 'panel' },
      h('div', { class: 'row' }, h('h2', {}, '文档 ', h('small', {}, 'Documents')), total),
      h('div', { class: 'filters' }, field('q', '标题或正文 Title/text', 'wide'), typeSel, field('year', '年份 Year'), field('org', '单位 Org', 'wide')),
      h('table', { class: 'doc-table' }, h('thead', {}, h('tr', {},
        th('标题 Title', 'title'), th('单位 Org'), th('年份 Year', 'year'), th('文种 Type'),
        th('复用 Reuse', 'reuse'), th('占位符 Placeholders'), th('操作'))), tbody),
      pagerBox));
  await loadDocs(tbody, total, pagerBox);
};

async function loadDocs(tbody, total, pagerBox) {
  const f = listState;
  let res;
  try {
    res = await api('/documents' + qs({ sort: f.sort, type: f.type, year: f.year, org: f.org, q: f.q, offset: f.offset, limit: f.limit }));
  } catch (e) { toast(e.message, true); return; }
  if (pastEnd(f, res.total)) { await loadDocs(tbody, total, pagerBox); return; }
  total.textContent = pageInfo(f, res.total);
  if (!res.documents.length) {
    tbody.replaceChildren(h('tr', {}, h('td', { colspan: 7, class: 'empty' }, res.total || f.q || f.type || f.year || f.org
      ? '没有符合条件的文档 (no matching documents)' : '还没有文档，请先上传 (no documents yet: upload some above)')));
  } else {
    // Show part numbers for files that hold several documents.
    const multi = new Set(res.documents.filter((d) => d.part > 1).map((d) => d.source));
    tbody.replaceChildren(...res.documents.map((d) => h('tr', { class: 'doc-row' + (d.reuse_score >= HIGH_REUSE ? ' high-reuse' : ''), dataset: { id: d.id, part: d.part, source: d.source } },
      h('td', { class: 'title-cell' }, h('a', { href: '#/doc/' + encodeURIComponent(d.id) }, d.title || '（无标题 untitled）'),
        h('span', { class: 'src' }, d.source + (multi.has(d.source) ? ' · 第' + d.part + '篇' : ''))),
      h('td', {}, d.org || h('span', { class: 'muted' }, '—')),
      h('td', { class: 'num' }, d.year || '—'),
      h('td', {}, typeTag(d.doc_type)),
      h('td', { class: 'reuse-cell' }, bar(d.reuse_score),
        d.reuse_score > 0 ? h('a', { href: '#/reuse/' + encodeURIComponent(d.id), title: '查看复用 (view reuse)' }, pct(d.reuse_score)) : h('span', { class: 'muted' }, '0%'),
        d.reuse_score >= HIGH_REUSE ? [' ', h('span', { class: 'tag high' }, '高度复用')] : null),
      h('td', {}, d.placeholders ? h('span', { class: 'tag warn', title: '含未填写的模板占位符 (unfilled template slots)' }, '占位符 ×' + d.placeholders) : h('span', { class: 'muted' }, '—')),
      h('td', {}, h('button', { type: 'button', class: 'link-danger doc-delete', title: '删除此文档 (delete this document)',
        onclick: async () => { if (await deleteDoc(d)) loadDocs(tbody, total, pagerBox); } }, '删除')))));
  }
  pager(pagerBox, f, res.total, (o, l) => { f.offset = o; f.limit = l; loadDocs(tbody, total, pagerBox); });
}

// uploadFiles sends each file in its own request (two at a time) so each
// gets its own progress bar and result line.
function uploadFiles(files, list) {
  if (!files.length) return;
  const queue = files.map((file) => {
    const prog = h('progress', { max: 100, value: 0 });
    const st = h('span', { class: 'muted' }, '等待 waiting');
    list.append(h('li', { class: 'upload-item' }, h('span', { class: 'name', title: file.name }, file.name), prog, st));
    return { file, prog, st };
  });
  let running = 0, done = 0;
  const pump = () => {
    while (running < 2 && queue.length) {
      const it = queue.shift();
      running++;
      sendOne(it, 0).finally(() => {
        running--; done++;
        if (done === files.length) {
          const tb = $('#doc-rows');
          if (tb) loadDocs(tb, $('#doc-total'), $('#doc-pager'));
        }
        pump();
      });
    }
  };
  pump();
}

function sendOne(it, attempt, authTries = 0) {
  return new Promise((resolve) => {
    const fd = new FormData();
    fd.append('file', it.file, it.file.name);
    const xhr = new XMLHttpRequest();
    xhr.open('POST', API + '/documents');
    const t = token('write');
    if (t) xhr.setRequestHeader('Authorization', bearer(t));
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) it.prog.value = Math.round((e.loaded / e.total) * 90);
      it.st.textContent = '上传中 uploading';
    };
    xhr.upload.onload = () => { it.st.textContent = '分析中 analysing'; };
    xhr.onerror = () => { it.st.className = 'st-failed'; it.st.textContent = '网络错误 (network error)'; resolve(); };
    xhr.onload = async () => {
      let body = null;
      try { body = JSON.parse(xhr.responseText); } catch (_) { /* not JSON */ }
      if (xhr.status === 401 && authTries < 3) {
        it.st.textContent = '需要写入令牌 (write token needed)';
        const e = body && body.error;
        if (await askToken((e && e.token) || 'write', e ? e.message : xhr.status + ' ' + xhr.statusText)) {
          sendOne(it, attempt, authTries + 1).then(resolve);
          return;
        }
      }
      if (xhr.status === 429 && attempt < 20) {
        it.st.textContent = '队列已满，稍后重试 (queue full, retrying)';
        setTimeout(() => sendOne(it, attempt + 1).then(resolve), 1500 + attempt * 500);
        return;
      }
      if (xhr.status === 202 && body && body.job) {
        await pollJob(it, body.job);
        resolve();
        return;
      }
      it.prog.value = 100;
      if (body && body.results) showResults(it, body.results);
      else {
        it.st.className = 'st-failed';
        it.st.textContent = (body && body.error ? body.error.message : xhr.status + ' ' + xhr.statusText);
      }
      resolve();
    };
    xhr.send(fd);
  });
}

function showResults(it, rs) {
  const created = rs.filter((r) => r.status === 'created').length;
  const dup = rs.filter((r) => r.status === 'duplicate').length;
  const failed = rs.filter((r) => r.status === 'failed');
  const parts = [];
  if (created) parts.push('已导入 ' + created + ' 篇');
  if (dup) parts.push('已存在 ' + dup + ' 篇');
  if (failed.length) parts.push('失败 ' + failed.length + '：' + failed[0].error);
  it.st.className = failed.length && !created && !dup ? 'st-failed' : created ? 'st-created' : 'st-duplicate';
  it.st.textContent = parts.join('，');
  it.st.title = failed.map((r) => r.source + ': ' + r.error).join('\n');
}

async function pollJob(it, id) {
  for (;;) {
    let js;
    try { js = await api('/jobs/' + encodeURIComponent(id)); } catch (e) { it.st.textContent = e.message; return; }
    it.prog.value = js.total ? Math.round((js.done / js.total) * 100) : 0;
    it.st.textContent = '后台处理 ' + js.done + ' / ' + js.total + (js.failed ? '，失败 ' + js.failed : '');
    if (js.state === 'done') { showResults(it, js.results); return; }
    if (js.state === 'failed') { it.st.className = 'st-failed'; it.st.textContent = '后台处理多次中断，已放弃；已导入的文件再次上传会显示为已存在，请重新上传'; return; }
    await new Promise((r) => setTimeout(r, 1000));
  }
}

// Document view: outline, marked text, targets and other fields.
views.doc = async function (id) {
  const d = await api('/documents/' + encodeURIComponent(id));
  setTitle(d.title || '（无标题 untitled）');
  const marks = [];
  d.targets.forEach((t, i) => marks.push({ start: t.start, end: t.end, cls: 'm-target', t: i, title: '指标：' + t.metric + ' ' + targetValue(t) + t.unit }));
  for (const p of d.placeholders) marks.push({ start: p.start, end: p.end, cls: 'm-ph', title: '占位符 placeholder' });
  for (const s of d.slogans) for (const [a, b] of findAll(d.text, s.text)) marks.push({ start: a, end: b, cls: 'm-slogan', title: '提法：' + s.text });
  const secs = flattenSections(d.sections);
  const text = renderMarked(d.text, marks, secs.map((s) => s.start));
  text.id = 'doc-text';
  text.addEventListener('click', (e) => {
    const t = e.target.closest('[data-t]');
    if (t) { const row = $('#trow-' + t.dataset.t); if (row) { row.scrollIntoView({ block: 'nearest' }); row.classList.add('flash'); } }
  });

  const outline = (ss, lv = 1) => (ss && ss.length ? h('ul', {}, ss.map((s) => h('li', { class: 'lv' + lv },
    h('a', { href: '#', onclick: (e) => { e.preventDefault(); scrollToOffset(text, s.start); } },
      (s.marker || s.number ? (s.marker || s.number) + ' ' : '') + s.title),
    outline(s.children, lv + 1)))) : null);

  const ttable = d.targets.length ? h('table', { id: 'doc-targets' },
    h('thead', {}, h('tr', {}, h('th', {}, '指标'), h('th', {}, '数值'), h('th', {}, '周期/期限'), h('th', {}, '性质'))),
    h('tbody', {}, d.targets.map((t, i) => h('tr', { id: 'trow-' + i, class: 'clickable', onclick: () => scrollToOffset(text, t.start) },
      h('td', {}, t.metric || '—'), h('td', { class: 'num' }, targetValue(t) + ' ' + t.unit),
      h('td', {}, [t.period, t.deadline].filter(Boolean).join(' · ') || '—'),
      h('td', {}, KIND_LABEL[t.kind] || t.kind))))) : h('p', { class: 'muted' }, '未发现量化指标 (no targets found)');

  const origURL = API + '/documents/' + encodeURIComponent(id) + '/original';
  // Sources this document shares passages with, named so that documents
  // with the same title can be told apart; filled in after the page shows.
  const sources = h('div', { id: 'doc-sources' });
  api('/documents/' + encodeURIComponent(id) + '/reuse').then((rr) => {
    const ps = rr.pairs.map((p) => orient(p, id)).filter((p) => !p.template && p.score > 0);
    if (!ps.length) return;
    sources.replaceChildren(h('h3', {}, '复用来源 Sources (' + ps.length + ')'), h('ul', { class: 'side-list sources' }, ps.map((p) => h('li', {},
      h('a', { href: '#/reuse/' + encodeURIComponent(id) + '?b=' + encodeURIComponent(p.b.id) }, p.b.title || p.b.id), ' ', h('strong', {}, pct(p.score)),
      h('span', { class: 'src' }, refMeta(p.b))))));
  }, () => { /* the page works without its sources */ });
  app.replaceChildren(
    h('section', { class: 'panel doc-head' },
      h('div', { class: 'spacer' },
        h('h1', {}, d.title || '（无标题 untitled）'),
        h('div', { class: 'meta' }, typeTag(d.doc_type), h('span', {}, d.org || '单位未知'), h('span', {}, d.date || (d.year ? d.year + '年' : '')),
          h('span', {}, d.source + (d.part ? ' · 第' + d.part + '篇' : '')), h('span', {}, d.script === 'traditional' ? '繁体' : '简体'))),
      h('a', { class: 'btn', href: '#/reuse/' + encodeURIComponent(id) }, '复用分析 Reuse'),
      reportLinks(id, d.title),
      h('a', { class: 'btn', href: origURL, onclick: (e) => download(e, origURL, d.source) }, '原文件 Original'),
      h('button', { type: 'button', class: 'danger', id: 'doc-delete', onclick: async () => { if (await deleteDoc(d)) location.hash = '#/'; } }, '删除 Delete')),
    h('div', { class: 'doc-grid' },
      h('aside', { class: 'panel sticky outline' }, h('h3', {}, '提纲 Outline'), outline(d.sections) || h('p', { class: 'muted' }, '无提纲 (no outline)')),
      h('article', { class: 'panel' },
        h('div', { class: 'legend' }, h('span', { class: 'l-target' }, '量化指标 target'), h('span', { class: 'l-slogan' }, '提法 slogan'), h('span', { class: 'l-ph' }, '占位符 placeholder')),
        text),
      h('aside', { class: 'panel sticky' },
        sources,
        h('h3', {}, '量化指标 Targets (' + d.targets.length + ')'), ttable,
        d.slogans.length ? [h('h3', { class: 'gap' }, '提法 Slogans'), h('div', { class: 'row' }, d.slogans.map((s) => h('span', { class: 'tag' }, s.text + (s.count > 1 ? ' ×' + s.count : ''))))] : null,
        d.placeholders.length ? [h('h3', {}, '占位符 Placeholders'), h('ul', { class: 'side-list' }, d.placeholders.map((p) => h('li', { onclick: () => scrollToOffset(text, p.start) }, p.text)))] : null,
        d.people.length ? [h('h3', {}, '领导小组 People'), h('dl', { class: 'kv' }, d.people.map((p) => [h('dt', {}, p.role), h('dd', {}, p.name)]))] : null,
        d.schedule.length ? [h('h3', {}, '进度安排 Schedule'), h('dl', { class: 'kv' }, d.schedule.map((p) => [h('dt', {}, p.phase), h('dd', {}, p.title + (p.from ? '（' + p.from + (p.to && p.to !== p.from ? '—' + p.to : '') + '）' : ''))]))] : null)));
};

// orient makes the pair's side A the document being viewed.
function orient(p, id) {
  if (p.a.id === id) return p;
  const sw = (ps) => (ps || []).map((x) => ({ ...x, a_start: x.b_start, a_end: x.b_end, b_start: x.a_start, b_end: x.a_end, a_text: x.b_text, b_text: x.a_text }));
  return { ...p, a: p.b, b: p.a, a_covered: p.b_covered, b_covered: p.a_covered, passages: sw(p.passages), boilerplate: sw(p.boilerplate) };
}

// coverage is the share of [s,e) covered by the union of spans.
function coverage(spans, s, e) {
  if (e <= s) return 0;
  const iv = spans.map(([a, b]) => [Math.max(a, s), Math.min(b, e)]).filter(([a, b]) => a < b).sort((x, y) => x[0] - y[0]);
  let cov = 0, cur = s;
  for (const [a, b] of iv) { if (b <= cur) continue; cov += b - Math.max(a, cur); cur = Math.max(cur, b); }
  return cov / (e - s);
}

// Reuse view: the document beside each source, passages aligned.
views.reuse = async function (id, params) {
  const [d, rr] = await Promise.all([api('/documents/' + encodeURIComponent(id)), api('/documents/' + encodeURIComponent(id) + '/reuse')]);
  setTitle('复用分析：' + (d.title || id));
  const pairs = rr.pairs.map((p) => orient(p, id)).filter((p) => !p.template || (p.boilerplate || []).length);
  const n = Array.from(d.text).length;
  const allCopy = pairs.flatMap((p) => p.passages.map((x) => [x.a_start, x.a_end]));
  // The server's figures count the same text the listed reuse score does
  // (formulas and templates excluded), so total >= largest single source.
  const fig = rr.figures || { copied: 0, max_source: 0 };
  const secs = flattenSections(d.sections).filter((s) => s.level <= 2);
  const left = h('div', { class: 'pane', id: 'reuse-left' });
  const right = h('div', { class: 'pane', id: 'reuse-right' });
  const nav = h('div', { class: 'row' });
  const head = h('section', { class: 'panel' },
    h('div', { class: 'row' }, h('h1', { class: 'spacer' }, h('a', { href: '#/doc/' + encodeURIComponent(id) }, d.title)), reportLinks(id, d.title), h('a', { class: 'btn', href: '#/' }, '返回列表 Back')),
    h('div', { class: 'stats' },
      h('div', {}, h('span', { class: 'big-num', id: 'fig-copied' }, pct(fig.copied)), h('small', {}, '总复制比 copied share')),
      h('div', {}, h('span', { class: 'big-num', id: 'fig-max' }, pct(fig.max_source)), h('small', {}, '最大单篇复制比 max single source')),
      h('div', {}, h('span', { class: 'big-num' }, pairs.filter((p) => !p.template).length), h('small', {}, '来源文档 sources'))));
  const secPanel = secs.length ? h('section', { class: 'panel' }, h('h3', {}, '各部分复制比 Copied share per section'),
    h('ul', { class: 'side-list sec-bars' }, secs.map((s) => {
      const fs = (fig.sections || []).find((x) => x.start === s.start);
      const c = fs ? fs.copied : coverage(allCopy, s.start, s.end || n);
      return h('li', { onclick: () => scrollToOffset($('.doctext', left) || left, s.start) },
        h('span', { class: 't' + (s.level > 1 ? ' muted' : '') }, (s.level > 1 ? '　' : '') + (s.marker || s.number || '') + ' ' + s.title), bar(c), h('span', { class: 'num' }, pct(c)));
    }))) : null;
  if (!pairs.length) {
    app.replaceChildren(head, h('section', { class: 'panel empty' }, '未发现与其他文档共享的段落 (no passages shared with other documents)'), secPanel || '');
    return;
  }
  const list = h('div', { class: 'pairs-list' });
  app.replaceChildren(head, h('section', { class: 'panel' }, h('h3', {}, '来源 Sources'), list, nav,
    h('div', { class: 'legend' }, h('span', { class: 'l-copy' }, '共享段落 shared passage（点击对齐 click to align）'), h('span', { class: 'l-boiler' }, '公文套话 boilerplate')),
    h('div', { class: 'side-by-side' }, left, right)), secPanel || '');

  let cur = null;
  const show = async (p, btn) => {
    list.querySelectorAll('button').forEach((b) => b.classList.remove('active'));
    btn.classList.add('active');
    let bd;
    try { bd = await api('/documents/' + encodeURIComponent(p.b.id)); } catch (e) { toast(e.message, true); return; }
    const mk = (side) => [
      ...p.passages.map((x, i) => ({ start: x[side + '_start'], end: x[side + '_end'], cls: 'm-copy', p: i, title: '共享段落 ' + (i + 1) + '（' + x.chars + ' 字）' })),
      ...(p.boilerplate || []).map((x) => ({ start: x[side + '_start'], end: x[side + '_end'], cls: 'm-boiler', title: '套话 boilerplate' + (x.kind ? '：' + x.kind : '') })),
    ];
    const lt = renderMarked(d.text, mk('a'));
    const rt = renderMarked(bd.text, mk('b'));
    left.replaceChildren(h('div', { class: 'side-title' }, d.title, h('span', { class: 'src' }, refMeta(d) + ' · ' + pct(p.a_covered) + ' 被覆盖 covered')), lt);
    right.replaceChildren(h('div', { class: 'side-title' }, h('a', { href: '#/doc/' + encodeURIComponent(bd.id) }, bd.title), h('span', { class: 'src' }, refMeta(bd) + ' · ' + pct(p.b_covered) + ' 被覆盖 covered')), rt);
    let at = 0;
    const align = (i) => {
      if (!p.passages.length) return;
      at = (i + p.passages.length) % p.passages.length;
      const x = p.passages[at];
      for (const [box, off] of [[lt, x.a_start], [rt, x.b_start]]) {
        box.querySelectorAll('.m-focus').forEach((e) => e.classList.remove('m-focus'));
        box.querySelectorAll('[data-p="' + at + '"]').forEach((e) => e.classList.add('m-focus'));
        scrollToOffset(box, off);
      }
      pos.textContent = '共享段落 ' + (at + 1) + ' / ' + p.passages.length + '（' + x.chars + ' 字）';
    };
    const pos = h('span', { class: 'muted' });
    nav.replaceChildren(h('button', { onclick: () => align(at - 1) }, '◀ 上一段'), pos, h('button', { onclick: () => align(at + 1) }, '下一段 ▶'));
    for (const box of [lt, rt]) box.addEventListener('click', (e) => { const el = e.target.closest('[data-p]'); if (el) align(+el.dataset.p); });
    cur = p;
    align(0);
  };
  const want = params.get('b');
  let first = null;
  for (const p of pairs) {
    const btn = h('button', { type: 'button', class: 'source-btn', title: refMeta(p.b), dataset: { id: p.b.id } },
      h('span', {}, (p.b.title || p.b.id) + ' · '), h('strong', {}, pct(p.score)), h('small', { class: 'src' }, refMeta(p.b)));
    btn.addEventListener('click', () => show(p, btn));
    list.append(btn);
    if (!first || p.b.id === want) first = [p, btn];
  }
  if (first && !cur) await show(...first);
};

// dispositionName reads the file name a server gave in Content-Disposition,
// preferring the RFC 5987 filename* (UTF-8, e.g. 目标台账_计划_2025_20261205.xlsx).
function dispositionName(cd) {
  if (!cd) return '';
  const star = /filename\*=UTF-8''([^;]+)/i.exec(cd);
  if (star) { try { return decodeURIComponent(star[1]); } catch (_) { /* fall through */ } }
  const plain = /filename="?([^";]+)"?/i.exec(cd);
  return plain ? plain[1] : '';
}

// Targets tracker. Figures, kinds and statuses come from the API in words
// (display, kind_label, followup.status_label), so the numbers read as the
// documents write them (2083亿元, 不少于4次) without a second formatter here.
const tState = { metric: '', unit: '', kind: '', year: '', org: '', type: '', status: '', offset: 0, limit: 100 };
const STATUS_LABEL = { met: '已完成', not_met: '未完成', not_reported: '未报告', incomparable: '无法比较' };
const STATUS_CLASS = { met: 'tag', not_met: 'tag high', not_reported: 'tag warn', incomparable: 'tag warn' };
views.targets = async function () {
  const f = tState;
  const tbody = h('tbody', { id: 'target-rows' });
  const total = h('span', { class: 'muted', id: 'target-total' });
  const csv = h('a', { class: 'btn', id: 'export-csv' }, '导出 CSV');
  const xlsx = h('a', { class: 'btn primary', id: 'export-xlsx' }, '导出 Excel (XLSX)');
  const pagerBox = h('div', { class: 'pager', id: 'target-pager' });
  const filters = () => ({ metric: f.metric, unit: f.unit, kind: f.kind, year: f.year, org: f.org, type: f.type });
  const docLink = (r) => h('a', { href: '#/doc/' + encodeURIComponent(r.doc_id), title: r.source_file || r.source }, r.title || r.source_file || r.source);
  // followCell shows the status, the achieved figure and where it was
  // reported, and last year's target and figure for the metric.
  const followCell = (t) => {
    const fu = t.followup;
    if (!fu) return h('td', { class: 'muted' }, '—');
    const a = fu.achieved;
    const last = [fu.last_plan && '目标 ' + fu.last_plan.display, fu.last_achieved && '完成 ' + fu.last_achieved.display].filter(Boolean);
    return h('td', { class: 'title-cell follow', title: fu.note || '' },
      h('span', { class: STATUS_CLASS[fu.status] || 'tag' }, fu.status_label || fu.status),
      a ? [' ', h('b', {}, a.display), h('span', { class: 'src' }, docLink(a))] : null,
      !a && fu.note ? h('span', { class: 'src' }, fu.note.split(' (')[0]) : null, // Chinese part; all of it on hover
      last.length ? h('span', { class: 'src last-year' }, '去年 ' + last.join(' · ')) : null);
  };
  let seq = 0; // answers to older filters that arrive late are dropped
  const load = async () => {
    const my = ++seq;
    const fs = { ...filters(), status: f.status };
    const cu = API + '/targets' + qs({ ...fs, format: 'csv' }), xu = API + '/targets' + qs({ ...fs, format: 'xlsx' });
    csv.href = cu; csv.onclick = (e) => download(e, cu); // no name: the server names it after the filter and the date
    xlsx.href = xu; xlsx.onclick = (e) => download(e, xu);
    let res;
    try { res = await api('/targets' + qs({ ...fs, offset: f.offset, limit: f.limit })); } catch (e) { if (my === seq) toast(e.message, true); return; }
    if (my !== seq) return;
    total.textContent = '共 ' + res.total + ' 条 (' + res.total + ' targets)';
    tbody.replaceChildren(...(res.targets.length ? res.targets.map((t) => h('tr', { class: 'target-row' },
      h('td', {}, t.metric || '—'),
      h('td', { class: 'num' }, t.display || targetValue(t) + t.unit), followCell(t),
      h('td', {}, t.period || '—'), h('td', {}, t.deadline || '—'),
      h('td', {}, h('span', { class: 'tag' + (t.kind === 'achieved' ? '' : ' warn') }, t.kind_label || KIND_LABEL[t.kind] || t.kind)),
      h('td', { class: 'title-cell' }, docLink(t), h('span', { class: 'src' }, [t.org, t.year, t.source_file].filter(Boolean).join(' · '))),
      h('td', { class: 'muted' }, t.text))) : [h('tr', {}, h('td', { colspan: 8, class: 'empty' }, '没有符合条件的指标 (no matching targets)'))]));
    pager(pagerBox, f, res.total, (o, l) => { f.offset = o; f.limit = l; load(); });
  };
  const field = (k, ph, cls) => {
    const el = h('input', { placeholder: ph, value: f[k], class: cls || '', id: 'tf-' + k, 'aria-label': ph });
    el.addEventListener('input', debounce(() => { f[k] = el.value.trim(); f.offset = 0; load(); }, 300));
    return el;
  };
  const select = (k, label, all, options) => {
    const el = h('select', { id: 'tf-' + k, 'aria-label': label }, h('option', { value: '' }, all),
      Object.entries(options).map(([v, l]) => h('option', { value: v, selected: f[k] === v }, l)));
    el.addEventListener('change', () => { f[k] = el.value; f.offset = 0; load(); });
    return el;
  };
  const kind = select('kind', '性质', '全部性质 All kinds', { plan: '计划', achieved: '完成' });
  const status = select('status', '完成情况', '全部完成情况 All statuses', STATUS_LABEL);
  const type = select('type', '文种', '全部文种 All types', TYPE_LABEL);
  app.replaceChildren(h('section', { class: 'panel' },
    h('div', { class: 'row' }, h('h2', {}, '指标跟踪 ', h('small', {}, 'Targets tracker')), total, h('span', { class: 'spacer' }), csv, xlsx),
    h('div', { class: 'filters' }, field('metric', '指标 Metric', 'wide'), field('unit', '单位 Unit'), kind, status, field('year', '年份 Year'), field('org', '单位 Org', 'wide'), type),
    h('table', {}, h('thead', {}, h('tr', {}, h('th', {}, '指标 Metric'), h('th', {}, '目标/数值 Target'), h('th', {}, '完成情况 Follow-up'), h('th', {}, '周期 Period'),
      h('th', {}, '期限 Deadline'), h('th', {}, '性质 Kind'), h('th', {}, '文档 Document'), h('th', {}, '原文 Clause'))), tbody),
    pagerBox));
  await load();
};

// Search with facets; the query and the page are in the address, so the
// back button and a copied link return to the same page of hits.
const SEARCH_LIMIT = 20;
views.search = async function (_, params) {
  const q = params.get('q') || '';
  const st = { offset: Math.max(0, parseInt(params.get('offset'), 10) || 0), limit: Math.min(500, Math.max(1, parseInt(params.get('limit'), 10) || SEARCH_LIMIT)) };
  setTitle(q ? '检索：' + q : '检索');
  const input = h('input', { type: 'search', id: 'search-q', value: q, placeholder: '检索：如 党员发展、三会一课、year:2024 type:方案（繁简通用）', 'aria-label': '检索 search' });
  const go = (nq, off = 0, lim = st.limit) => { location.hash = '#/search' + qs({ q: nq, offset: off || '', limit: lim !== SEARCH_LIMIT ? lim : '' }); };
  const form = h('form', { class: 'search-box', onsubmit: (e) => { e.preventDefault(); go(input.value.trim()); } }, input, h('button', { class: 'primary', type: 'submit' }, '检索 Search'));
  const hits = h('div', { id: 'hits' });
  const info = h('div', { class: 'row' }, h('span', { class: 'muted page-info', id: 'hit-total' }));
  const pagerBox = h('div', { class: 'pager', id: 'hit-pager' });
  const facets = h('aside', { class: 'panel facet' });
  app.replaceChildren(h('section', { class: 'panel' }, form),
    h('div', { class: 'search-grid' }, facets, h('section', { class: 'panel' }, info, hits, pagerBox)));
  if (!q) input.focus();
  if (!q) { hits.replaceChildren(h('p', { class: 'empty' }, '输入关键词开始检索；可用字段过滤 type: year: org: unit: slogan: (繁體與简体皆可)')); facets.replaceChildren(h('p', { class: 'muted' }, '分面 Facets')); return; }
  let res;
  try { res = await api('/search' + qs({ q, offset: st.offset, limit: st.limit })); } catch (e) { hits.replaceChildren(h('p', { class: 'empty st-failed' }, e.message)); return; }
  if (pastEnd(st, res.total)) { go(q, st.offset, st.limit); return; }
  info.firstChild.textContent = pageInfo(st, res.total);
  facets.replaceChildren(h('h3', {}, '共 ' + res.total + ' 篇 (' + res.total + ' hits)'),
    ...Object.entries(res.facets || {}).filter(([, vs]) => vs && vs.length).map(([k, vs]) => h('div', {},
      h('h3', {}, FACET_LABEL[k] || k),
      h('ul', {}, vs.slice(0, 8).map((v) => {
        const key = FACET_KEY[k] || k;
        const term = key + ':' + (/\s/.test(v.value) ? '"' + v.value + '"' : v.value);
        const on = q.includes(term);
        const label = k === 'type' ? TYPE_LABEL[v.value] || v.value : k === 'kind' ? KIND_LABEL[v.value] || v.value : k === 'script' ? (v.value === 'traditional' ? '繁体' : '简体') : k === 'placeholders' ? (v.value === 'true' ? '有 yes' : '无 no') : v.value;
        return h('li', {}, h('a', { href: '#', class: on ? 'on' : '', onclick: (e) => { e.preventDefault(); go(on ? q.replace(term, '').replace(/\s+/g, ' ').trim() : (q + ' ' + term).trim()); } },
          h('span', {}, label), h('span', { class: 'muted' }, v.count)));
      })))));
  pager(pagerBox, st, res.total, (o, l) => go(q, o, l));
  if (!res.hits.length) { hits.replaceChildren(h('p', { class: 'empty' }, '没有找到匹配的文档 (no match)')); return; }
  hits.replaceChildren(...res.hits.map((x) => {
    const hl = h('div', {});
    for (const s of x.highlights || []) {
      const p = h('p', { class: 'hl' });
      // The server escapes the text and adds only <mark>; anything else is escaped again.
      p.innerHTML = s.replace(/<(?!\/?mark>)/g, '&lt;');
      hl.append(p);
    }
    const reuse = x.reuse_score > 0
      ? h('a', { class: 'hit-reuse', href: '#/reuse/' + encodeURIComponent(x.id), title: '查看复用 (view reuse)' }, bar(x.reuse_score), '复用 ' + pct(x.reuse_score))
      : h('span', { class: 'hit-reuse muted' }, '复用 0%');
    return h('div', { class: 'hit', dataset: { id: x.id } },
      h('a', { href: '#/doc/' + encodeURIComponent(x.id) }, h('strong', {}, x.title || x.id)),
      h('div', { class: 'hit-meta' }, typeTag(x.doc_type), x.org ? h('span', {}, x.org) : null,
        x.year ? h('span', { class: 'hit-year' }, x.year + '年') : null,
        h('span', { class: 'src' }, x.source + (x.part ? ' · 第' + x.part + '篇' : '')), reuse,
        x.reuse_score >= HIGH_REUSE ? h('span', { class: 'tag high' }, '高度复用') : null),
      hl);
  }));
};

// Corpus-wide reuse pairs and clusters, each paged on its own.
const pairState = { offset: 0, limit: 50 };
const clusterState = { offset: 0, limit: 20 };
views.pairs = async function () {
  setTitle('复用对与复用簇');
  const name = (r) => r.title || r.source || r.id;
  const exp = (fmt) => {
    const url = API + '/reuse/pairs?format=' + fmt;
    return h('a', { class: 'btn' + (fmt === 'xlsx' ? ' primary' : ''), id: 'pairs-export-' + fmt, href: url, onclick: (e) => download(e, url, '复用配对.' + fmt) }, '导出全部配对 ' + fmt.toUpperCase());
  };
  const pairBox = h('div', { id: 'pair-list' }), pairPager = h('div', { class: 'pager', id: 'pair-pager' }), pairInfo = h('span', { class: 'muted page-info', id: 'pair-total' });
  const clBox = h('div', { id: 'cluster-list' }), clPager = h('div', { class: 'pager', id: 'cluster-pager' }), clInfo = h('span', { class: 'muted page-info', id: 'cluster-total' });
  const side = (r, other) => h('td', { class: 'title-cell' },
    h('a', { href: '#/reuse/' + encodeURIComponent(r.id) + '?b=' + encodeURIComponent(other.id) }, name(r)), h('span', { class: 'src' }, refMeta(r)));
  const loadPairs = async () => {
    const st = pairState;
    const pr = await api('/reuse/pairs' + qs({ offset: st.offset, limit: st.limit }));
    if (pastEnd(st, pr.total)) return loadPairs();
    pairInfo.textContent = pageInfo(st, pr.total);
    pairBox.replaceChildren(pr.pairs.length
      ? h('table', { class: 'pair-table' }, h('thead', {}, h('tr', {}, h('th', {}, '文档 A'), h('th', {}, '文档 B'), h('th', {}, '复制比 Score'), h('th', {}, '段落 Passages'))),
        h('tbody', {}, pr.pairs.map((p) => h('tr', { class: 'pair-row' }, side(p.a, p.b), side(p.b, p.a),
          h('td', { class: 'reuse-cell' }, bar(p.score), pct(p.score)), h('td', { class: 'num' }, (p.passages || []).length)))))
      : h('p', { class: 'empty' }, '尚无复用对 (no reuse pairs yet)'));
    pager(pairPager, st, pr.total, (o, l) => { st.offset = o; st.limit = l; loadPairs().catch((e) => toast(e.message, true)); });
  };
  const loadClusters = async () => {
    const st = clusterState;
    const cl = await api('/reuse/clusters' + qs({ offset: st.offset, limit: st.limit }));
    if (pastEnd(st, cl.total)) return loadClusters();
    clInfo.textContent = pageInfo(st, cl.total);
    const docs = cl.documents || {};
    clBox.replaceChildren(cl.clusters.length
      ? h('ul', { class: 'side-list clusters' }, cl.clusters.map((c, i) => h('li', { class: 'cluster' }, h('strong', {}, '簇 ' + (st.offset + i + 1) + '（' + c.length + ' 篇）：'),
        c.map((id, j) => [j ? '、' : '', h('a', { href: '#/doc/' + encodeURIComponent(id), title: docs[id] ? refMeta(docs[id]) : id },
          docs[id] ? name(docs[id]) + '（' + refMeta(docs[id]) + '）' : id)]))))
      : h('p', { class: 'empty' }, '尚无复用簇 (no clusters)'));
    pager(clPager, st, cl.total, (o, l) => { st.offset = o; st.limit = l; loadClusters().catch((e) => toast(e.message, true)); });
  };
  app.replaceChildren(
    h('section', { class: 'panel' }, h('div', { class: 'row' }, h('h2', {}, '复用对 ', h('small', {}, 'Reuse pairs, most copied first')), pairInfo, h('span', { class: 'spacer' }), exp('csv'), exp('xlsx')), pairBox, pairPager),
    h('section', { class: 'panel' }, h('div', { class: 'row' }, h('h2', {}, '复用簇 ', h('small', {}, 'Clusters of copies')), clInfo), clBox, clPager));
  await Promise.all([loadPairs(), loadClusters()]);
};

const sloganState = { offset: 0, limit: 100 };
views.slogans = async function () {
  setTitle('提法与口号');
  const st = sloganState;
  const box = h('div', { id: 'slogan-list' }), pagerBox = h('div', { class: 'pager', id: 'slogan-pager' }), info = h('span', { class: 'muted page-info', id: 'slogan-total' });
  app.replaceChildren(h('section', { class: 'panel' }, h('div', { class: 'row' }, h('h2', {}, '提法与口号 ', h('small', {}, 'Slogans across the corpus')), info), box, pagerBox));
  const load = async () => {
    const res = await api('/slogans' + qs({ offset: st.offset, limit: st.limit }));
    if (pastEnd(st, res.total)) return load();
    info.textContent = pageInfo(st, res.total);
    box.replaceChildren(res.slogans.length ? h('table', { class: 'slogan-table' }, h('thead', {}, h('tr', {}, h('th', {}, '提法 Slogan'), h('th', {}, '类型 Kind'), h('th', {}, '文档数 Docs'), h('th', {}, '次数 Count'))),
      h('tbody', {}, res.slogans.map((s) => h('tr', { class: 'slogan-row' }, h('td', {}, h('a', { href: '#/search' + qs({ q: '"' + s.text + '"' }) }, s.text)),
        h('td', {}, s.kind === 'formula' ? '数字提法' : '引号短语'), h('td', { class: 'num' }, s.docs), h('td', { class: 'num' }, s.count)))))
      : h('p', { class: 'empty' }, '尚无提法 (no slogans yet)'));
    pager(pagerBox, st, res.total, (o, l) => { st.offset = o; st.limit = l; load().catch((e) => toast(e.message, true)); });
  };
  await load();
};

// ---- router ----------------------------------------------------------------

async function route() {
  const raw = location.hash.replace(/^#/, '') || '/';
  const [path, query] = raw.split('?');
  const params = new URLSearchParams(query || '');
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  let view = 'docs', arg = null;
  if (parts[0] === 'doc' && parts[1]) { view = 'doc'; arg = parts[1]; }
  else if (parts[0] === 'reuse' && parts[1]) { view = 'reuse'; arg = parts[1]; }
  else if (views[parts[0]]) view = parts[0];
  const navKey = view === 'doc' || view === 'reuse' ? 'docs' : view;
  setTitle(VIEW_TITLE[view]);
  document.querySelectorAll('#nav a').forEach((a) => a.classList.toggle('active', a.dataset.view === navKey));
  app.dataset.view = view;
  delete app.dataset.ready;
  app.classList.add('loading');
  try {
    await views[view](arg, params);
    window.scrollTo(0, 0);
  } catch (e) {
    const kind = e.token || 'read';
    if (e.startup) {
      // The banner says why; the view loads by itself once ready.
      app.replaceChildren(h('section', { class: 'panel empty' }, h('p', {}, '服务就绪后此页自动加载 (this page loads once the server is ready)')));
      return;
    }
    app.replaceChildren(h('section', { class: 'panel empty st-failed' }, h('p', {}, e.message),
      e.status === 401 ? h('button', { type: 'button', class: 'primary', id: 'token-retry', onclick: async () => { if (await askToken(kind, e.message)) route(); } }, '输入' + TOKEN_NAME[kind]) : null));
  } finally {
    app.classList.remove('loading');
    app.dataset.ready = view;
  }
}

const VIEW_TITLE = { docs: '文档', targets: '目标台账', search: '检索', pairs: '复用对与复用簇', slogans: '提法与口号', doc: '文档', reuse: '复用分析' };

$('#token-btn').addEventListener('click', () => {
  const b = $('#token-box');
  b.hidden = !b.hidden;
  $('#token-read').value = sessionStorage.getItem(TOKEN_KEY.read) || '';
  $('#token-write').value = token('write');
});
$('#token-box').addEventListener('submit', (e) => {
  e.preventDefault();
  setToken('read', $('#token-read').value.trim());
  setToken('write', $('#token-write').value.trim());
  $('#token-box').hidden = true;
  toast('已保存，仅用于本标签页 (saved for this tab)');
  route();
});
window.addEventListener('hashchange', route);
watchStartup();
route();
