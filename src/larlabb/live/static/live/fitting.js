// Fitting the presenter screen: the largest type at which everything fits, down to a legible
// minimum (16 px, or more on a wide screen); then the lists that still do not fit ([data-pager])
// are cut into pages of as many items as fit, and one page of each shows at a time.
import { fmt } from "./dom.js";

const LARGEST = 1.5;

// The texts whose words must stay whole: a word wider than its box sticks out of it.
const WORDS = "h1, h2, h3, .question, .ptitle, .ptext, .plabel, .pcase, .pscenario-name, .pmeta";

function overflows(main) {
  if (main.scrollHeight > main.clientHeight + 1 || main.scrollWidth > main.clientWidth + 1) return true;
  const lists = [...main.querySelectorAll("[data-pager]")];
  if (lists.some((list) => list.scrollHeight > list.clientHeight + 1)) return true;
  return [...main.querySelectorAll(WORDS)].some((text) => text.scrollWidth > text.clientWidth + 1);
}

/** The largest type (down to a legible minimum) at which everything fits; then pages. */
export function fit(body, page, S) {
  const main = body.closest("main");
  const root = document.body;
  for (const list of main.querySelectorAll("[data-pager]")) for (const item of list.children) item.hidden = false;
  // the type follows the screen's width (about 30 px at 1920), never below 16 px
  const base = Math.min(34, Math.max(15, window.innerWidth * 0.0155));
  root.style.setProperty("--base", base.toFixed(2) + "px");
  const least = Math.min(1, Math.max(16, window.innerWidth * 0.011) / base);
  // a screen with little on it grows its type (up to half again) for the back of the room;
  // words are cut only when even the smallest type cannot hold them
  root.classList.remove("break-words");
  let low = least;
  let high = LARGEST;
  for (let round = 0; round < 8; round += 1) {
    const middle = (low + high) / 2;
    root.style.setProperty("--scale", middle.toFixed(3));
    if (overflows(main)) high = middle;
    else low = middle;
  }
  root.style.setProperty("--scale", low.toFixed(3));
  const words = [...main.querySelectorAll(WORDS)];
  if (words.some((text) => text.scrollWidth > text.clientWidth + 1)) root.classList.add("break-words");
  for (const list of main.querySelectorAll("[data-pager]")) list.pages = paginate(list);
  showPages(body, page, S);
}

/** Where each page of `list` starts and ends: as many items as fit below each other. */
function paginate(list) {
  const items = [...list.children];
  // one reading of the layout, with every item shown: a page holds the items whose bottom
  // lies within the list's height from the top of the page's first item
  const height = list.clientHeight + 0.5;
  const boxes = items.map((item) => item.getBoundingClientRect());
  const pages = [];
  let start = 0;
  for (let index = 1; index < items.length; index += 1) {
    if (boxes[index].bottom - boxes[start].top > height) {
      pages.push([start, index]);
      start = index;
    }
  }
  if (items.length) pages.push([start, items.length]);
  return pages.length ? pages : [[0, 0]];
}

/** Show page `page` of every list (a list with fewer pages starts again from its first). */
export function showPages(body, page, S) {
  const main = body.closest("main");
  let most = 1;
  for (const list of main.querySelectorAll("[data-pager]")) {
    const pages = list.pages || [[0, list.children.length]];
    most = Math.max(most, pages.length);
    const [start, end] = pages[page % pages.length];
    [...list.children].forEach((item, index) => {
      item.hidden = index < start || index >= end;
    });
    const label = list.parentElement.querySelector(":scope > .ppage");
    if (label) label.textContent = pages.length > 1 ? fmt(S.pageOf, { page: (page % pages.length) + 1, pages: pages.length }) : "";
  }
  document.body.dataset.pages = String(most);
}
