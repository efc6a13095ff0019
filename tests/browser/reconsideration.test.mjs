// A clerk-facing form: create a 行政复议 case through the generated form, find it in the list.
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

test('office creates a reconsideration case through the form and finds it in the list', async () => {
  const page = await newPage(browser, { viewport: { width: 1280, height: 1000 } });
  await login(page, server.url, 'office', 'Fazhi@2024');
  await page.click('nav.sub >> text=行政复议');
  await page.waitForURL(/\/registers\/reconsiderations/);
  await page.click('text=新增');
  await page.selectOption('select[name=org]', '520200-sfj');
  await page.fill('input[name=case_no]', '六盘水府复〔2024〕88号');
  await page.fill('input[name=applicant]', '王某某');
  await page.fill('input[name=respondent]', '钟山区市场监督管理局');
  await page.fill('input[name=act_challenged]', '钟市监罚〔2024〕12号行政处罚决定');
  await page.fill('input[name=received_date]', '2024-06-03');
  await page.selectOption('select[name=acceptance]', { label: '受理' });
  await page.fill('input[name=acceptance_date]', '2024-06-07');
  await page.selectOption('select[name=procedure]', { label: '普通程序' });
  await Promise.all([page.waitForNavigation(), page.click('form.record-form button[type=submit]')]);
  assert.match(await page.locator('.ok').innerText(), /已保存/);
  assert.match(await page.locator('main').innerText(), /六盘水府复〔2024〕88号/);

  await page.goto(`${server.url}registers/reconsiderations?q=88`);
  const list = await page.locator('table').innerText();
  assert.match(list, /六盘水府复〔2024〕88号/);
  mkdirSync('screenshots', { recursive: true });
  await page.screenshot({ path: 'screenshots/reconsiderations.png', fullPage: true });
});

test('a bad date is shown next to its field', async () => {
  const page = await newPage(browser);
  await login(page, server.url, 'office', 'Fazhi@2024');
  await page.goto(`${server.url}registers/reconsiderations/new`);
  await page.fill('input[name=case_no]', '六盘水府复〔2024〕89号');
  await page.fill('input[name=applicant]', '李某');
  await page.fill('input[name=respondent]', '六盘水市公安局');
  await page.fill('input[name=act_challenged]', '行政处罚');
  await page.fill('input[name=received_date]', '2024-06-10');
  await page.selectOption('select[name=acceptance]', { label: '受理' });
  await page.fill('input[name=acceptance_date]', '2024-06-01');
  await page.click('form.record-form button[type=submit]');
  await page.waitForSelector('.field-error');
  const error = await page.locator('.field.invalid').first().innerText();
  assert.match(error, /受理/);
});
