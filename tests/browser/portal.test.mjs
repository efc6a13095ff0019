// The public portal (/gongshi/) without a session, on a phone (390 × 844, touch) and on a
// desktop (1366 × 768): the search, a search with results, a decision, the units, a unit, the
// reports and a published report. No horizontal scrolling of the page, no serious or critical
// axe-core violation, 44 px touch targets on the phone; the search form works by keyboard.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { startDemoServer, launchBrowser } from './server.mjs';
import { a11yContext, axeViolations, horizontalOverflow, overflowingElements, smallTargets, PHONE, DESKTOP } from './a11y.mjs';

const TARGETS = ['header a', 'main button', 'main a.button', 'main select', 'main input',
  'ol.results a', 'nav.pager a'].join(', ');

let server;
let browser;
const pages = {};

before(async () => {
  server = await startDemoServer();
  browser = await launchBrowser();
  mkdirSync('screenshots', { recursive: true });
  const context = await a11yContext(browser, DESKTOP);
  const page = await context.newPage();
  const first = async (path, prefix) => {
    await page.goto(`${server.url}${path}`);
    const href = await page.locator(`a[href^="${prefix}"]`).first().getAttribute('href');
    assert.ok(href, `${path} links a ${prefix} page`);
    return href.slice(1);
  };
  pages.search = 'gongshi/';
  pages.results = 'gongshi/decisions?q=%E6%9C%89%E9%99%90%E5%85%AC%E5%8F%B8';
  pages.decision = await first('gongshi/', '/gongshi/decisions/');
  pages.units = 'gongshi/units';
  pages.unit = await first('gongshi/units', '/gongshi/units/');
  pages.reports = 'gongshi/reports';
  pages.report = await first('gongshi/reports', '/gongshi/reports/');
  await context.close();
});

after(async () => {
  await browser?.close();
  server?.stop();
});

for (const [width, options] of [['390', PHONE], ['1366', DESKTOP]]) {
  test(`the portal at ${width} px: no overflow, no serious axe violation${width === '390' ? ', 44 px targets' : ''}`, async () => {
    const context = await a11yContext(browser, options);
    const page = await context.newPage();
    try {
      for (const [name, path] of Object.entries(pages)) {
        const response = await page.goto(`${server.url}${path}`);
        assert.equal(response.status(), 200, path);
        assert.equal(await page.getAttribute('html', 'lang'), 'zh-CN');
        assert.equal(await horizontalOverflow(page), 0, `${path}: ${await overflowingElements(page)}`);
        assert.deepEqual(await axeViolations(page), [], path);
        if (width === '390') {
          assert.deepEqual(await smallTargets(page, TARGETS), [], `${path}: touch targets`);
        }
        await page.screenshot({ path: `screenshots/portal-${width}-${name}.png`, fullPage: true });
      }
    } finally {
      await context.close();
    }
  });
}

test('the search works by keyboard alone and a bad query is explained in Chinese', async () => {
  const context = await a11yContext(browser, PHONE);
  const page = await context.newPage();
  try {
    await page.goto(`${server.url}gongshi/`);
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement.textContent), '跳到正文');
    await page.focus('#q');
    await page.keyboard.type('有限公司');
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    assert.match(page.url(), /q=%E6%9C%89%E9%99%90%E5%85%AC%E5%8F%B8/);
    assert.match(await page.textContent('[role=status]'), /共 \d+ 条|超过 \d+ 条/);
    await page.fill('#q', '公');
    await Promise.all([page.waitForNavigation(), page.press('#q', 'Enter')]);
    assert.match(await page.textContent('[role=alert]'), /至少需要两个字/);
  } finally {
    await context.close();
  }
});
