// The review flow in the browser: a county clerk fills this quarter's 行政执法统计季报 and
// submits it; the city office returns it with a reason on 报送情况; the clerk finds it on the
// home page's 待办 and in the 站内信.
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

// This quarter: the demo fills the quarters that are over, so this one is still empty.
function thisQuarter() {
  const now = new Date();
  return `${now.getFullYear()}Q${Math.floor(now.getMonth() / 3) + 1}`;
}

test('a clerk submits a form and the office returns it with a reason', async () => {
  const quarter = thisQuarter();
  const clerk = await newPage(browser, { viewport: { width: 390, height: 844 } });
  await login(clerk, server.url, 'clerk', 'Fazhi@2024');
  await clerk.goto(`${server.url}forms/enforcement-quarterly/${quarter}?org=520201`);
  assert.match(await clerk.locator('dl.facts').innerText(), /未填报/);
  for (const input of await clerk.locator('input[name^="value."]').all()) {
    await input.fill('12');
  }
  await clerk.fill('textarea[name=comment]', '本季度开展专项整治,案件量上升');
  await Promise.all([clerk.waitForNavigation(), clerk.click('button[value=submit]')]);
  assert.match(await clerk.locator('.ok').innerText(), /已上报/);
  assert.match(await clerk.locator('dl.facts').innerText(), /已上报待审核/);
  assert.equal(await clerk.locator('input[name^="value."]:not([disabled])').count(), 0, 'a submitted form is locked');

  const office = await newPage(browser, { viewport: { width: 1280, height: 1000 } });
  await login(office, server.url, 'office', 'Fazhi@2024');
  await office.goto(`${server.url}review?set=enforcement-quarterly&period=${quarter}`);
  const row = office.locator('tr', { hasText: '钟山区' }).filter({ has: office.locator('button[value=return]') });
  await row.locator('input[name=text]').fill('执法案件数与执法平台不一致,请核实');
  await Promise.all([office.waitForNavigation(), row.locator('button[value=return]').click()]);
  assert.match(await office.locator('.ok').innerText(), /已退回/);
  mkdirSync('screenshots', { recursive: true });
  await office.screenshot({ path: 'screenshots/review.png', fullPage: true });

  await clerk.goto(server.url);
  const todo = await clerk.locator('main').innerText();
  assert.match(todo, /已退回:执法案件数与执法平台不一致/);
  assert.match(todo, /被退回,请修改后重新上报/);
  await clerk.screenshot({ path: 'screenshots/todo-phone.png', fullPage: true });
});
