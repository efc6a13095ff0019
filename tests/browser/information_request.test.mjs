// A 政府信息公开申请 from receipt to reply in the browser: the office registers a request to the
// 司法局, sees its 20-working-day reply clock over the 劳动节 break, records the 补正 that
// restarts it, then the reply; the unit's 政府信息公开工作年度报告 counts it in 表三 and
// downloads as Word and Excel.
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

async function save(page) {
  await Promise.all([page.waitForNavigation(), page.click('form.record-form button[type=submit]')]);
}

test('an information request goes from receipt through 补正 to its reply and into 表三', async () => {
  const page = await newPage(browser, { viewport: { width: 1280, height: 1000 } });
  await login(page, server.url, 'office', 'Fazhi@2024');
  await page.goto(`${server.url}registers/information-requests/new`);
  await page.selectOption('select[name=org]', '520200-sfj');
  await page.fill('[name=request_no]', '六盘水司依申请〔2025〕第901号');
  await page.selectOption('select[name=applicant_type]', { label: '自然人' });
  await page.fill('[name=applicant]', '王某某');
  await page.selectOption('select[name=channel]', { label: '网络' });
  await page.fill('[name=received_date]', '2025-04-21');
  await page.fill('[name=content]', '某路段道路拓宽工程的征收补偿方案');
  await save(page);
  assert.match(await page.locator('.ok').innerText(), /已保存/);
  let text = await page.locator('main').innerText();
  // Twenty working days from 21 April, 27 April a 调休 working day, 1–5 May off.
  assert.match(text, /答复期限/);
  assert.match(text, /2025-05-21/);
  const recordUrl = page.url().split('?')[0];

  // 补正: the clock counts again from the supplement received on 25 April.
  await page.goto(`${recordUrl}/edit`);
  await page.fill('[name=supplement_notice_date]', '2025-04-22');
  await page.fill('[name=supplement_date]', '2025-04-25');
  await save(page);
  text = await page.locator('main').innerText();
  assert.match(text, /2025-05-27/);
  assert.match(text, /补正/);

  // A reply without its category is refused next to the field.
  await page.goto(`${recordUrl}/edit`);
  await page.fill('[name=reply_date]', '2025-05-20');
  await page.click('form.record-form button[type=submit]');
  await page.waitForSelector('.field-error');
  assert.match(await page.locator('.field.invalid').first().innerText(), /办理结果/);
  await page.selectOption('select[name=result]', { label: '部分公开' });
  await save(page);
  text = await page.locator('main').innerText();
  assert.match(text, /已按期办结/);

  // The unit's annual disclosure report counts it.
  await page.goto(`${server.url}disclosure-report?org=520200-sfj&year=2025`);
  const report = await page.locator('.report-preview').innerText();
  assert.match(report, /收到和处理政府信息公开申请情况/);
  assert.match(report, /三、办理结果:部分公开\s+[1-9]/);
  assert.match(await page.locator('main').innerText(), /公布期限/);
  const [docx] = await Promise.all([
    page.waitForEvent('download'),
    page.click('text=Word(公文格式)'),
  ]);
  assert.match(docx.suggestedFilename(), /政府信息公开工作年度报告\.docx$/);
  const [xlsx] = await Promise.all([
    page.waitForEvent('download'),
    page.click('text=Excel(表二至表四)'),
  ]);
  assert.match(xlsx.suggestedFilename(), /\.xlsx$/);
  mkdirSync('screenshots', { recursive: true });
  await page.screenshot({ path: 'screenshots/disclosure-report.png', fullPage: true });
});
