// The annual report in a browser: the demo city's draft with figures that lead to their
// records, a narrative written and kept in the regenerated draft, the cockpit's cards.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { startDemoServer, launchBrowser, login, newPage } from './server.mjs';

let server;
let browser;

before(async () => {
  server = await startDemoServer();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  server?.stop();
});

test('office drafts the city report, writes a narrative and follows a figure to its records', async () => {
  const page = await newPage(browser, { viewport: { width: 1400, height: 1000 } });
  await login(page, server.url, 'office', 'Fazhi@2024');
  await page.click('header nav >> text=年度报告');
  await page.waitForURL(/\/annual-report/);
  await page.goto(`${server.url}annual-report?org=520200`);
  const preview = page.locator('.report-preview');
  assert.match(await preview.innerText(), /六盘水市人民政府关于2024年度法治政府建设情况的报告/);
  assert.match(await preview.innerText(), /人民调解方面，全年共受理人民调解案件\d+件/);
  assert.ok(await page.locator('table.gaps tr').count() > 1, 'data gaps are listed');

  await page.fill('textarea[name="slot.problems"]', '基层执法人员专业化水平仍需提高。');
  await Promise.all([page.waitForNavigation(), page.click('text=保存叙述内容')]);
  assert.match(await page.locator('.ok').innerText(), /已保存/);
  assert.match(await preview.innerText(), /基层执法人员专业化水平仍需提高。/);
  mkdirSync('screenshots', { recursive: true });
  await page.screenshot({ path: 'screenshots/annual_report.png', fullPage: true });

  const figure = preview.locator('a.figure[data-key="mediation.cases"]');
  const shown = (await figure.innerText()).trim();
  await Promise.all([page.waitForNavigation(), figure.click()]);
  assert.match(page.url(), /\/registers\/mediations\?/);
  // The list groups thousands (1,234); the report writes counts without separators.
  const total = (await page.locator('main').innerText()).match(/共\s*([\d,]+)\s*条/);
  assert.ok(total, 'the list states its total');
  assert.equal(total[1].replaceAll(',', ''), shown);
});

test('the cockpit shows indicator cards with 同比 and an SVG trend', async () => {
  const page = await newPage(browser, { viewport: { width: 1400, height: 1000 } });
  await login(page, server.url, 'office', 'Fazhi@2024');
  await page.goto(`${server.url}dashboard?org=520200&period=2024`);
  assert.ok(await page.locator('.card.indicator').count() > 3, 'indicator cards');
  assert.ok(await page.locator('section.chart svg').count() >= 1, 'server-drawn SVG chart');
  await page.screenshot({ path: 'screenshots/dashboard.png', fullPage: true });
});
