// Checks a page can be read on a phone and by everyone: axe-core's accessibility rules and the
// page's horizontal overflow. Shared by the clerk-page and the portal tests.
//
//   const context = await a11yContext(browser, PHONE);   // or DESKTOP, or your own options
//   const page = await context.newPage();
//   await page.goto(url);
//   assert.deepEqual(await axeViolations(page), [], 'no serious or critical violations');
//   assert.equal(await horizontalOverflow(page), 0, await overflowingElements(page));
//
// axe-core is a test dependency only: it is injected into the page by the test, never shipped.
// The site's Content-Security-Policy forbids injected scripts, so the context must be created
// with bypassCSP (a11yContext does that).
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const AXE_PATH = require.resolve('axe-core/axe.min.js');

/** A 390 × 844 touch phone (an iPhone 12–15's CSS pixels). */
export const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };
/** A common office desktop. */
export const DESKTOP = { viewport: { width: 1366, height: 768 } };

/** A browser context in Chinese that lets the test inject axe-core past the page's CSP. */
export async function a11yContext(browser, options = {}) {
  return browser.newContext({ locale: 'zh-CN', bypassCSP: true, ...options });
}

/**
 * Runs axe-core (WCAG 2.0/2.1 A and AA rules, plus best practices) on the page as it is now and
 * returns the violations of impact "serious" or "critical", each as one readable string:
 * `color-contrast (serious): Elements must meet minimum color contrast ratio thresholds — a.tag, td > span`.
 * An empty array means the page passes. Pass `minImpact: 'moderate'` to see more.
 */
export async function axeViolations(page, { minImpact = 'serious', exclude = [] } = {}) {
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) {
    await page.addScriptTag({ path: AXE_PATH });
  }
  const results = await page.evaluate(async (excluded) => {
    const context = excluded.length ? { exclude: excluded.map((s) => [s]) } : document;
    return window.axe.run(context, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
      resultTypes: ['violations'],
    });
  }, exclude);
  const order = ['minor', 'moderate', 'serious', 'critical'];
  const floor = order.indexOf(minImpact);
  return results.violations
    .filter((v) => order.indexOf(v.impact) >= floor)
    .map((v) => {
      const targets = v.nodes.slice(0, 5).map((n) => n.target.join(' ')).join(', ');
      const more = v.nodes.length > 5 ? ` 等 ${v.nodes.length} 处` : '';
      return `${v.id} (${v.impact}): ${v.help} — ${targets}${more}`;
    });
}

/**
 * How many CSS pixels the page is wider than the viewport the context was given: 0 means no
 * horizontal scrolling. (Not window.innerWidth: a mobile browser zooms out to fit a page that
 * is too wide, and innerWidth then grows with it.)
 */
export async function horizontalOverflow(page) {
  const { width } = page.viewportSize();
  return page.evaluate((w) => Math.max(document.documentElement.scrollWidth, document.body.scrollWidth) - w, width);
}

/**
 * The elements that stick out past the viewport's right edge, outermost first (at most 10), as
 * `tag.class (right edge px)` strings: a message for a failed horizontalOverflow assertion.
 * Elements inside a container that scrolls or clips horizontally are not counted: they do not
 * widen the page.
 */
export async function overflowingElements(page) {
  return page.evaluate((width) => {
    const clipped = (el) => {
      for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
        const o = getComputedStyle(p).overflowX;
        if (o === 'auto' || o === 'scroll' || o === 'hidden' || o === 'clip') return true;
      }
      return false;
    };
    const out = [];
    for (const el of document.body.querySelectorAll('*')) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.right <= width + 0.5 || clipped(el)) continue;
      if (out.some((o) => o.el.contains(el))) continue;
      const cls = el.classList.length ? `.${[...el.classList].join('.')}` : '';
      out.push({ el, text: `${el.tagName.toLowerCase()}${cls} (${Math.round(r.right)}px)` });
      if (out.length >= 10) break;
    }
    return out.map((o) => o.text);
  }, page.viewportSize().width);
}

/**
 * The visible elements matching `selector` whose rendered height is below `min` CSS pixels
 * (44 by default, WCAG 2.5.5's target size), as `tag "text" (h px)` strings.
 */
export async function smallTargets(page, selector, min = 44) {
  return page.$$eval(selector, (els, least) => els
    .filter((el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden')
    .map((el) => ({ el, h: el.getBoundingClientRect().height }))
    .filter(({ h }) => h + 0.5 < least)
    .map(({ el, h }) => {
      const text = (el.innerText || el.value || el.getAttribute('name') || '').trim().slice(0, 12);
      return `${el.tagName.toLowerCase()} "${text}" (${Math.round(h)}px)`;
    }), min);
}
