// The preview page: follows the server's status stream, draws the print PDF and the handouts page by
// page with pdf.js, shows the reflowable chapters in a device frame, and keeps the last good view on
// screen whenever a save does not build.
import * as pdfjs from '/__kindred/pdfjs/pdf.min.mjs';

pdfjs.GlobalWorkerOptions.workerSrc = '/__kindred/pdfjs/pdf.worker.min.mjs';

const $ = (id) => document.getElementById(id);
const saved = (key, fallback) => localStorage.getItem(`kindred-preview-${key}`) ?? fallback;
const save = (key, value) => localStorage.setItem(`kindred-preview-${key}`, value);

const state = {
  view: saved('view', 'print'),
  spreads: saved('spreads', 'false') === 'true',
  zoom: saved('zoom', 'fit'),
  screen: saved('screen', '600'),
  chapter: saved('chapter', ''),
  handout: '',
  book: { chapters: [], handouts: [] },
  shownBuild: 0,
  shownPrint: 0,
  shownHandouts: 0,
  changed: [],
  outline: '',
};

// ---------- PDF pages ----------

/** Draws a PDF into `container` as pages (or spreads), replacing what is there only once the pages in view are drawn. */
async function showPdf(url, container, { spreads, firstIsRecto }) {
  const doc = await pdfjs.getDocument({ url, isEvalSupported: false }).promise;
  const first = await doc.getPage(1);
  const base = first.getViewport({ scale: 1 });
  const across = spreads ? 2 : 1;
  const room = (container.clientWidth || document.body.clientWidth) - 32;
  // Fit: a page fills the width; a spread fits the window whole.
  const fit = Math.min(room / across / base.width, spreads ? (window.innerHeight - 110) / base.height : Infinity, 1.6);
  const scale = state.zoom === 'fit' ? fit : Number(state.zoom) * (96 / 72);
  const width = Math.floor(base.width * scale);
  const height = Math.floor(base.height * scale);

  const fresh = document.createElement('div');
  fresh.className = container.className;
  const slots = [];
  const cells = [];
  if (spreads && firstIsRecto) cells.push(null);
  for (let n = 1; n <= doc.numPages; n++) cells.push(n);
  for (let i = 0; i < cells.length; i += across) {
    const row = document.createElement('div');
    row.className = spreads ? 'row spread' : 'row';
    for (const n of cells.slice(i, i + across)) {
      const page = document.createElement('div');
      page.className = n ? 'page' : 'page blank';
      page.style.width = `${width}px`;
      page.style.height = `${height}px`;
      if (n) {
        page.dataset.page = String(n);
        const folio = document.createElement('span');
        folio.className = 'folio';
        folio.textContent = String(n);
        page.append(folio);
        slots[n] = page;
      }
      row.append(page);
    }
    fresh.append(row);
  }

  const drawn = new Set();
  const draw = async (n) => {
    if (drawn.has(n) || !slots[n]) return;
    drawn.add(n);
    const page = await doc.getPage(n);
    const ratio = window.devicePixelRatio || 1;
    const viewport = page.getViewport({ scale: scale * ratio });
    const canvas = document.createElement('canvas');
    canvas.width = Math.floor(viewport.width);
    canvas.height = Math.floor(viewport.height);
    await page.render({ canvasContext: canvas.getContext('2d'), viewport }).promise;
    slots[n].prepend(canvas);
  };
  // The pages now in view are drawn before the swap, so that a rebuild never flashes blank pages.
  const inView = [...container.querySelectorAll('.page[data-page]')]
    .filter((p) => {
      const r = p.getBoundingClientRect();
      return r.bottom > 0 && r.top < window.innerHeight;
    })
    .map((p) => Number(p.dataset.page));
  await Promise.all((inView.length ? inView : [1, 2, 3]).map(draw));
  const observer = new IntersectionObserver(
    (entries) => {
      for (const entry of entries) if (entry.isIntersecting) void draw(Number(entry.target.dataset.page));
    },
    { rootMargin: '800px 0px' },
  );
  for (const slot of slots) if (slot) observer.observe(slot);
  container.replaceChildren(...fresh.childNodes);
  return doc.numPages;
}

/** Draws the latest pages; a drawing overtaken by newer pages is dropped, so the status never waits for pdf.js. */
let drawing = Promise.resolve();
let wanted = 0;
function showPrint() {
  if (!state.shownPrint) return;
  const build = state.shownPrint;
  wanted = build;
  drawing = drawing
    .then(() => (wanted === build ? showPdf(`/__kindred/print.pdf?b=${build}`, $('pages'), { spreads: state.spreads, firstIsRecto: true }) : undefined))
    .catch((error) => console.error(error));
}

async function showHandout() {
  const list = state.book.handouts;
  if (!list.length || !state.shownHandouts) return;
  if (!list.some((h) => h.id === state.handout)) state.handout = list[0].id;
  renderList($('handouts'), list.map((h) => ({ id: h.id, label: h.title })), state.handout, (id) => {
    state.handout = id;
    void showHandout();
  });
  await showPdf(`/__kindred/handouts/${encodeURIComponent(state.handout)}.pdf?b=${state.shownHandouts}`, $('handout-pages'), { spreads: state.spreads, firstIsRecto: false }).catch(() => {
    $('handout-pages').innerHTML = '<p class="empty">This handout is being printed.</p>';
  });
}

// ---------- Reflowable chapters ----------

function renderList(list, items, current, choose) {
  list.replaceChildren(
    ...items.map((item) => {
      const li = document.createElement('li');
      const a = document.createElement('a');
      a.href = '#';
      a.textContent = item.label;
      if (item.id === current) a.setAttribute('aria-current', 'true');
      if (item.changed) a.className = 'changed';
      a.addEventListener('click', (event) => {
        event.preventDefault();
        choose(item.id);
      });
      li.append(a);
      return li;
    }),
  );
}

/** Loads a chapter into a frame, keeping the reader's place when it is the same chapter again. */
function loadFrame(frame, id, build) {
  const same = frame.dataset.chapter === id;
  const y = same ? (frame.contentWindow?.scrollY ?? 0) : 0;
  frame.dataset.chapter = id;
  frame.onload = () => frame.contentWindow?.scrollTo(0, y);
  frame.src = `/__kindred/reflow/${encodeURIComponent(id)}.html?b=${build}`;
}

function showReflow() {
  const chapters = state.book.chapters;
  if (!chapters.length) return;
  if (!chapters.some((c) => c.id === state.chapter)) state.chapter = chapters[0].id;
  renderList($('chapters'), chapters.map((c) => ({ id: c.id, label: `${c.number}. ${c.title}`, changed: state.changed.includes(c.id) })), state.chapter, (id) => {
    state.chapter = id;
    save('chapter', id);
    showReflow();
  });
  $('reflow-frame').style.width = `${state.screen}px`;
  loadFrame($('reflow-frame'), state.chapter, state.shownBuild);
}

/** While the pages of a changed chapter are laid out, the chapter itself at the trim's width. */
function showQuick(status) {
  const id = status.print.pending ? status.changed[0] : undefined;
  const chapter = state.book.chapters.find((c) => c.id === id);
  $('quick').hidden = !chapter;
  if (!chapter) return;
  $('quick-title').textContent = `${chapter.number}. ${chapter.title} (${chapter.file})`;
  const frame = $('quick-frame');
  frame.style.width = `${Math.round((state.book.trim.widthPt * 96) / 72)}px`;
  loadFrame(frame, chapter.id, status.build);
}

// ---------- Status ----------

function showState(status) {
  const el = $('state');
  const pages = status.print.pending ? ' · laying out pages…' : status.print.ok ? ` · pages ${(status.print.ms / 1000).toFixed(1)} s` : '';
  el.textContent = `build ${status.build} · ${status.ok ? `${status.ms} ms` : 'error'}${pages}`;
  el.className = `state ${status.ok ? (status.print.pending ? 'busy' : 'good') : 'bad'}`;
  $('error').hidden = status.ok;
  $('error-text').textContent = status.error ?? '';
}

async function onStatus(status) {
  showState(status);
  if (status.ok && status.build > state.shownBuild) {
    state.shownBuild = status.build;
    state.changed = status.changed;
    if (status.outline !== state.outline) {
      state.outline = status.outline;
      state.book = await (await fetch('/__kindred/book.json')).json();
      $('book-title').textContent = state.book.title ?? 'Kindred preview';
      document.title = `${state.book.title} — Kindred preview`;
    }
    if (state.view === 'reflow') showReflow();
  }
  if (state.view === 'print') showQuick(status);
  if (status.print.ok && status.print.build > state.shownPrint) {
    state.shownPrint = status.print.build;
    if (state.view === 'print') showPrint();
  }
  if (status.handouts?.ok && status.handouts.build > state.shownHandouts) {
    state.shownHandouts = status.handouts.build;
    if (state.view === 'handouts') await showHandout();
  }
}

function selectView(view) {
  state.view = view;
  save('view', view);
  for (const tab of document.querySelectorAll('[role=tab]')) tab.setAttribute('aria-selected', String(tab.dataset.view === view));
  for (const v of ['print', 'reflow', 'handouts']) $(`view-${v}`).hidden = v !== view;
  for (const c of document.querySelectorAll('.controls')) c.hidden = !c.dataset.for.split(' ').includes(view);
  if (view === 'print') showPrint();
  if (view === 'reflow') showReflow();
  if (view === 'handouts') void showHandout();
}

for (const tab of document.querySelectorAll('[role=tab]')) tab.addEventListener('click', () => selectView(tab.dataset.view));
$('spreads').checked = state.spreads;
$('spreads').addEventListener('change', () => {
  state.spreads = $('spreads').checked;
  save('spreads', String(state.spreads));
  selectView(state.view);
});
$('zoom').value = state.zoom;
$('zoom').addEventListener('change', () => {
  state.zoom = $('zoom').value;
  save('zoom', state.zoom);
  selectView(state.view);
});
$('screen').value = state.screen;
$('screen').addEventListener('change', () => {
  state.screen = $('screen').value;
  save('screen', state.screen);
  showReflow();
});
selectView(state.view);

// Status changes arrive in order; each is handled after the one before it.
let queue = Promise.resolve();
const events = new EventSource('/__kindred/events');
events.addEventListener('status', (event) => {
  const status = JSON.parse(event.data);
  queue = queue.then(() => onStatus(status)).catch((error) => console.error(error));
});
events.addEventListener('error', () => {
  $('state').textContent = 'disconnected: is `kindred preview` still running?';
  $('state').className = 'state bad';
});
