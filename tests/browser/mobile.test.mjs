// The clerk pages on a phone (390 × 844, touch) and on an office desktop (1366 × 768): no
// horizontal scrolling of the page, no serious or critical axe-core violation, and on the phone
// a menu that folds and opens by keyboard and by touch, with 44 px touch targets.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { startDemoServer, launchBrowser, login } from './server.mjs';
import { a11yContext, axeViolations, horizontalOverflow, overflowingElements, smallTargets, PHONE, DESKTOP } from './a11y.mjs';

// The clerk's home, a register list and its form, the report forms, a form to fill, the
// cockpit (a chart and a table) and the annual report (a long document with figure links).
const PAGES = [
  ['home', ''],
  ['register-list', 'registers/enforcement-cases'],
  ['register-form', 'registers/enforcement-cases/new'],
  ['forms', 'forms'],
  ['form', null], // the first form that /forms links to
  ['dashboard', 'dashboard'],
  ['annual-report', 'annual-report'],
];
// What a thumb must be able to hit on a phone: the menu, the navigation, buttons and fields.
const TARGETS = ['header label', 'header a', 'header button', 'nav a',
  'main button', 'main a.button', 'main select',
  'main input:not([type=hidden]):not([type=checkbox]):not([type=radio])'].join(', ');

let server;
let browser;
const sessions = {};

before(async () => {
  server = await startDemoServer();
  browser = await launchBrowser();
  mkdirSync('screenshots', { recursive: true });
  for (const [name, options] of [['390', PHONE], ['1366', DESKTOP]]) {
    const context = await a11yContext(browser, options);
    const page = await context.newPage();
    await login(page, server.url, 'admin', 'Fazhi@2024');
    sessions[name] = page;
  }
  const forms = sessions['1366'];
  await forms.goto(`${server.url}forms`);
  const link = await forms.locator('main table a', { hasText: '打开' }).first().getAttribute('href');
  assert.ok(link, '/forms lists a form to open');
  PAGES.find(([name]) => name === 'form')[1] = link.replace(/^\//, '');
});

after(async () => {
  await browser?.close();
  server?.stop();
});

for (const width of ['390', '1366']) {
  for (const [name] of PAGES) {
    test(`${width} px: ${name} fits the width and passes axe`, async () => {
      const page = sessions[width];
      const path = PAGES.find(([n]) => n === name)[1];
      const response = await page.goto(`${server.url}${path}`);
      assert.equal(response.status(), 200, `/${path}`);
      assert.equal(await horizontalOverflow(page), 0,
        `/${path} scrolls sideways at ${width} px: ${(await overflowingElements(page)).join(', ')}`);
      await page.screenshot({ path: `screenshots/clerk-${width}-${name}.png`, fullPage: true });
      assert.deepEqual(await axeViolations(page), [], `/${path} at ${width} px`);
      if (width === '390') {
        await page.click('label[for=menu-toggle]'); // measure the menu's links too
        await page.locator('header nav a').first().waitFor({ state: 'visible' });
        assert.deepEqual(await smallTargets(page, TARGETS), [], `/${path}: touch targets under 44 px`);
      }
    });
  }
}

test('390 px: the menu is folded, opens from the keyboard and by touch, and its links are reachable', async () => {
  const page = sessions['390'];
  await page.goto(`${server.url}registers/enforcement-cases`);
  const menu = page.getByText('菜单', { exact: true });
  const dashboard = page.locator('header nav a', { hasText: '驾驶舱' });
  await menu.waitFor({ state: 'visible' });
  assert.equal(await dashboard.isVisible(), false, 'the menu starts folded');
  assert.equal(await page.locator('header .who button', { hasText: '退出' }).isVisible(), false);
  // The main navigation is at the top of the page: folded, it leaves the register's heading in
  // the first screen.
  const heading = await page.locator('main h1').boundingBox();
  assert.ok(heading.y + heading.height < 844, `h1 at ${heading.y}px is below the first screen`);

  // Keyboard: Tab from the top reaches 跳至正文, the brand, then the menu's checkbox; Space
  // opens it and the next Tab lands on the first link of the navigation.
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.textContent), '跳至正文');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'menu-toggle');
  await page.keyboard.press('Space');
  await dashboard.waitFor({ state: 'visible' });
  await page.keyboard.press('Tab');
  assert.match(await page.evaluate(() => document.activeElement.textContent), /^首页/);
  assert.equal(await horizontalOverflow(page), 0, 'the open menu fits the width');
  await page.screenshot({ path: 'screenshots/clerk-390-menu-open.png' });

  // Touch: a tap on 菜单 folds it again, another opens it, and a tap on a link follows it.
  await menu.tap();
  await dashboard.waitFor({ state: 'hidden' });
  await menu.tap();
  await Promise.all([page.waitForURL(/\/dashboard$/), dashboard.tap()]);

  // The sub navigation scrolls inside its own strip, not the page.
  const strip = await page.locator('nav.sub').evaluate((el) => ({
    overflow: getComputedStyle(el).overflowX, scrolls: el.scrollWidth > el.clientWidth,
  }));
  assert.deepEqual(strip, { overflow: 'auto', scrolls: true });
});

test('1366 px: the whole navigation shows without a menu button', async () => {
  const page = sessions['1366'];
  await page.goto(server.url);
  assert.equal(await page.getByText('菜单', { exact: true }).isVisible(), false);
  for (const label of ['首页', '驾驶舱', '报表填报', '年度报告', '报告解读']) {
    assert.ok(await page.locator('header nav a', { hasText: label }).isVisible(), label);
  }
  assert.ok(await page.locator('header .who button', { hasText: '退出' }).isVisible());
  // One row of brand, navigation and account: the header stays as short as it was.
  const header = await page.locator('header.top').boundingBox();
  assert.ok(header.height < 100, `header is ${header.height}px tall`);
});
